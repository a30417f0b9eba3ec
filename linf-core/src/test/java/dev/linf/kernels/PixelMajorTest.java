package dev.linf.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linf.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pixel-major concatenation is channel concatenation, laid out pixel-major, on any thread count. */
class PixelMajorTest {
    private static Tensor random(Random r, int c, int h, int w) {
        Tensor t = Tensor.zeros(c, h, w);
        for (int i = 0; i < t.numel(); i++) {
            t.data()[i] = r.nextFloat();
        }
        return t;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1,1", "3,5,7,2,1", "13,9,64,32,3", "1,17,1,5,2"})
    void concatIsChannelConcatenation(int h, int w, int c1, int c2, int threads) {
        Random r = new Random(h * 31L + w * 7L + c1);
        Tensor a = random(r, c1, h, w);
        Tensor b = random(r, c2, h, w);
        float[] stacked = new float[a.numel() + b.numel()];
        System.arraycopy(a.data(), 0, stacked, 0, a.numel());
        System.arraycopy(b.data(), 0, stacked, a.numel(), b.numel());
        try (Parallel par = Parallel.of(threads)) {
            Tensor hwc = PixelMajor.concat(List.of(PixelMajor.fromChw(a, par), PixelMajor.fromChw(b, par)), par);
            assertArrayEquals(new int[] {h, w, c1 + c2}, hwc.shape());
            assertArrayEquals(stacked, PixelMajor.toChw(hwc, par).data());
            assertThrows(IllegalArgumentException.class, () -> PixelMajor.concat(List.of(PixelMajor.fromChw(a, par),
                    Tensor.zeros(h + 1, w, 2)), par));
        }
    }
}
