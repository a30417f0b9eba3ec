package dev.linf.encoder.swin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.kernels.ReferenceKernels;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SwinBlock#apply}: its size checks, and results that do not depend on the thread count. */
class SwinBlockTest {
    private static final int C = 12;
    private static final int HEADS = 3;
    private static final int WINDOW = 4;

    private static float[] random(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    private static SwinBlock block(int shift) {
        Random r = new Random(7);
        int span = 2 * WINDOW - 1;
        return new SwinBlock(new LayerNorm(random(r, C, 1), random(r, C, 0.1)),
                DenseLayer.of(C, 3 * C, random(r, 3 * C * C, 0.3), random(r, 3 * C, 0.1)),
                DenseLayer.of(C, C, random(r, C * C, 0.3), random(r, C, 0.1)), random(r, span * span * HEADS, 1), HEADS,
                WINDOW, shift, new LayerNorm(random(r, C, 1), random(r, C, 0.1)),
                DenseLayer.of(C, 2 * C, random(r, 2 * C * C, 0.3), random(r, 2 * C, 0.1)),
                DenseLayer.of(2 * C, C, random(r, 2 * C * C, 0.3), random(r, C, 0.1)));
    }

    private static float[] run(SwinBlock b, float[] input, int h, int w, Parallel parallel) {
        float[] tokens = input.clone();
        b.apply(tokens, h, w, ReferenceKernels.INSTANCE, parallel, new float[h * w * 3 * C], new float[h * w * C]);
        return tokens;
    }

    /** Shifted and unshifted, on 1 and 3 threads (different bands and windows per thread): the same bits. */
    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int h = 16; // 320 tokens: two bands of the per-token steps, 20 windows
        int w = 20;
        float[] input = random(new Random(3), h * w * C, 1);
        for (int shift : new int[] {0, WINDOW / 2}) {
            SwinBlock b = block(shift);
            float[] one = run(b, input, h, w, Parallel.serial());
            try (Parallel three = Parallel.of(3)) {
                assertArrayEquals(one, run(b, input, h, w, three), "shift " + shift);
            }
            assertFalse(Arrays.equals(one, input), "the block changed nothing");
        }
    }

    @Test
    void rejectsMapsOffTheWindowGridAndShortBuffers() {
        SwinBlock b = block(WINDOW / 2);
        Kernels k = ReferenceKernels.INSTANCE;
        Parallel p = Parallel.serial();
        assertThrows(IllegalArgumentException.class,
                () -> b.apply(new float[6 * 8 * C], 6, 8, k, p, new float[6 * 8 * 3 * C], new float[6 * 8 * C]));
        assertThrows(IllegalArgumentException.class,
                () -> b.apply(new float[8 * 8 * C - 1], 8, 8, k, p, new float[8 * 8 * 3 * C], new float[8 * 8 * C]));
        assertThrows(IllegalArgumentException.class,
                () -> b.apply(new float[8 * 8 * C], 8, 8, k, p, new float[8 * 8 * 3 * C - 1], new float[8 * 8 * C]));
        assertThrows(IllegalArgumentException.class,
                () -> b.apply(new float[8 * 8 * C], 8, 8, k, p, new float[8 * 8 * 3 * C], new float[8 * 8 * C - 1]));
        assertThrows(IllegalArgumentException.class,
                () -> b.apply(new float[0], 0, 0, k, p, new float[0], new float[0]));
    }
}
