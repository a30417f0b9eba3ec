package dev.linf.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linf.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The reference kernels against hand-computed answers and against a direct double-precision
 * evaluation of the defining formula, on awkward sizes (1x1 images, primes, odd channel counts).
 */
class ReferenceKernelsTest {
    private final Kernels k = ReferenceKernels.INSTANCE;

    @Test
    void conv3x3KnownAnswer() {
        // 1 channel, 3x3 image 1..9, kernel all ones, bias 0.5: each output sums its 3x3 neighbourhood.
        Tensor in = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3);
        float[] ones = new float[9];
        java.util.Arrays.fill(ones, 1f);
        Tensor out = k.conv2d(in, new ConvWeights(1, 1, 3, ones, new float[] {0.5f}));
        assertArrayEquals(new float[] {12.5f, 21.5f, 16.5f, 27.5f, 45.5f, 33.5f, 24.5f, 39.5f, 28.5f}, out.data());
    }

    @Test
    void conv1x1IsAPerPixelMatrixProduct() {
        Tensor in = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2); // channel 0: 1 2, channel 1: 3 4
        Tensor out = k.conv2d(in, new ConvWeights(1, 2, 1, new float[] {10, 100}, new float[] {1}));
        assertArrayEquals(new float[] {311, 421}, out.data());
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1,3", "3,1,1,5,3", "2,7,5,3,3", "5,13,11,4,3", "4,2,17,7,1", "3,9,1,2,3", "1,1,29,3,5"})
    void convMatchesTheFormula(int cin, int h, int w, int cout, int ks) {
        Random r = new Random(31L * h + w);
        Tensor in = random(r, cin, h, w);
        ConvWeights cw = new ConvWeights(cout, cin, ks, random(r, cout, cin, ks, ks).data(), random(r, cout).data());
        float[] weight = cw.weight();
        float[] bias = cw.bias();
        Tensor out = k.conv2d(in, cw);
        int pad = ks / 2;
        for (int o = 0; o < cout; o++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = bias[o];
                    for (int c = 0; c < cin; c++) {
                        for (int i = 0; i < ks; i++) {
                            for (int j = 0; j < ks; j++) {
                                int yy = y + i - pad;
                                int xx = x + j - pad;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                    s += (double) weight[((o * cin + c) * ks + i) * ks + j] * in.get(c, yy, xx);
                                }
                            }
                        }
                    }
                    assertEquals(s, out.get(o, y, x), 1e-6 * (1 + cin * ks * ks), "o=" + o + " y=" + y + " x=" + x);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "1,7,8", "3,9,7", "17,33,5", "64,1024,60", "2,256,1"})
    void denseMatchesTheFormula(int rows, int in, int out) {
        Random r = new Random(rows * 1000L + in);
        float[] x = random(r, rows, in).data();
        for (int i = 0; i < x.length; i += 3) {
            x[i] = 0f; // zeros are skipped by the kernel: make sure that is harmless
        }
        DenseLayer layer = DenseLayer.of(in, out, random(r, out, in).data(), random(r, out).data());
        float[] weight = layer.weight();
        float[] bias = layer.bias();
        for (boolean relu : new boolean[] {false, true}) {
            float[] y = new float[rows * out];
            k.dense(x, rows, layer, y, relu);
            for (int row = 0; row < rows; row++) {
                for (int o = 0; o < out; o++) {
                    double s = bias[o];
                    for (int i = 0; i < in; i++) {
                        s += (double) x[row * in + i] * weight[o * in + i];
                    }
                    if (relu) {
                        s = Math.max(s, 0);
                    }
                    assertEquals(s, y[row * out + o], 2e-6 * Math.sqrt(in) * 4, "row " + row + " out " + o);
                }
            }
        }
    }

    @Test
    void denseWithNoRowsDoesNothing() {
        DenseLayer layer = DenseLayer.of(2, 2, new float[4], new float[2]);
        k.dense(new float[0], 0, layer, new float[0], true);
    }

    @Test
    void shapeMismatchesAreReported() {
        ConvWeights cw = new ConvWeights(1, 2, 3, new float[18], new float[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.conv2d(Tensor.zeros(3, 4, 4), cw));
        assertEquals("conv2d expects (2, H, W) input, got Tensor[3, 4, 4]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConvWeights(1, 2, 2, new float[8], new float[1]));
        assertThrows(IllegalArgumentException.class, () -> DenseLayer.of(3, 2, new float[5], new float[2]));
    }

    static Tensor random(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.numel(); i++) {
            t.data()[i] = (float) r.nextGaussian();
        }
        return t;
    }
}
