package dev.linf.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.kernels.PixelMajor;
import dev.linf.kernels.ReferenceKernels;
import dev.linf.tensor.Tensor;
import java.util.Random;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API kernels against the scalar reference on awkward sizes (empty and single rows,
 * lane width +-1, primes, partial 16-column panels), seeded; the tolerance grows with the
 * reduction length: 4 sqrt(K) ulp-scale of the sum of |terms|.
 */
class VectorKernelsTest {
    private final Kernels fast = VectorKernelsProvider.best();
    private final Kernels ref = ReferenceKernels.INSTANCE;

    @Test
    void vectorKernelsAreInUse() {
        assertTrue(VectorKernelsProvider.fallbackReason().isEmpty(), VectorKernelsProvider.fallbackReason().orElse(""));
        assertEquals(VectorKernels.class, fast.getClass());
        assertSame(VectorKernels.INSTANCE, dev.linf.spi.KernelsProvider.fastest()); // found through the SPI
        assertTrue(dev.linf.spi.KernelsProvider.whyNotFast().isEmpty());
    }

    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /**
     * Attention's products: window 64 x head 30 (SwinIR), 10 (the reduced model), and awkward sizes:
     * odd and even row counts around the two-row block, widths with and without a masked tail.
     */
    @ParameterizedTest
    @CsvSource({"64,64,30", "64,30,64", "64,64,10", "64,10,64", "0,4,4", "1,1,1", "3,7,5", "5,8,9", "7,9,8", "13,17,31",
        "2,15,16", "2,16,17", "1,33,3", "7,40,9", "6,70,5", "3,64,30", "65,64,30"})
    void matrixProductsMatchReference(int m, int n, int k) {
        Random r = new Random(m * 1_000_003L + n * 1009L + k);
        float[] a = random(r, m * k + 3);
        float[] b = random(r, k * n + 2);
        for (boolean transposed : new boolean[] {false, true}) {
            float[] x = new float[m * n + 1];
            float[] y = new float[m * n + 1];
            if (transposed) {
                fast.matmulTransposed(a, 3, b, 2, m, n, k, x, 1);
                ref.matmulTransposed(a, 3, b, 2, m, n, k, y, 1);
            } else {
                fast.matmul(a, 3, b, 2, m, n, k, x, 1);
                ref.matmul(a, 3, b, 2, m, n, k, y, 1);
            }
            assertEquals(0f, x[0], "wrote before the output offset");
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double bound = 0;
                    for (int c = 0; c < k; c++) {
                        float bv = transposed ? b[2 + j * k + c] : b[2 + c * n + j];
                        bound += Math.abs(a[3 + i * k + c] * bv);
                    }
                    double tol = 4 * Math.sqrt(Math.max(k, 1)) * Math.ulp((float) bound) + 1e-30;
                    assertEquals(y[1 + i * n + j], x[1 + i * n + j], tol, "(" + i + "," + j + ") transposed=" + transposed);
                }
            }
        }
    }

    /** Softmax rows of awkward lengths, with masked (-100) entries and large spreads, against the reference. */
    @ParameterizedTest
    @CsvSource({"1", "2", "7", "8", "9", "15", "16", "17", "31", "64", "100"})
    void softmaxMatchesReference(int n) {
        Random r = new Random(n * 17L);
        for (int rep = 0; rep < 20; rep++) {
            float[] a = new float[n + 3];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (r.nextGaussian() * (rep % 4 == 0 ? 30 : 3)) + (r.nextInt(5) == 0 ? -100f : 0f);
            }
            float[] x = a.clone();
            float[] y = a.clone();
            fast.softmax(x, 2, n);
            ref.softmax(y, 2, n);
            assertEquals(a[0], x[0]);
            assertEquals(a[1], x[1]);
            assertEquals(a[n + 2], x[n + 2], "written past the row");
            double sum = 0;
            for (int j = 2; j < n + 2; j++) {
                assertEquals(y[j], x[j], 4 * Math.ulp(y[j]) + 1e-30f, "n=" + n + " j=" + j);
                sum += x[j];
            }
            assertEquals(1.0, sum, 1e-6);
        }
    }

    /**
     * The softmax with two addends (attention's bias and shift mask) gives, bit for bit, the
     * additions as written followed by this kernel's own softmax, and matches the reference's.
     */
    @ParameterizedTest
    @CsvSource({"0", "1", "2", "7", "8", "9", "15", "16", "17", "31", "64", "100"})
    void softmaxWithAddendsEqualsTheAdditionsThenTheSoftmax(int n) {
        Random r = new Random(n * 31L + 5);
        for (int rep = 0; rep < 20; rep++) {
            float[] a = random(r, n + 3);
            float[] bias = random(r, n + 5);
            float[] mask = new float[n + 1];
            for (int j = 0; j < mask.length; j++) {
                mask[j] = r.nextInt(3) == 0 ? -100f : -0f;
            }
            float[] fused = a.clone();
            float[] apart = a.clone();
            float[] reference = a.clone();
            fast.softmax(fused, 2, n, bias, 4, mask, 1);
            for (int j = 0; j < n; j++) {
                apart[2 + j] = (apart[2 + j] + bias[4 + j]) + mask[1 + j];
            }
            fast.softmax(apart, 2, n);
            ref.softmax(reference, 2, n, bias, 4, mask, 1);
            assertArrayEquals(apart, fused, "n=" + n);
            for (int j = 0; j < n + 3; j++) {
                float y = reference[j];
                assertEquals(y, fused[j], 4 * Math.ulp(y) + 1e-30f, "n=" + n + " j=" + j);
            }
        }
    }

    /**
     * The lane-by-lane twin that carries cos/sin until the vector code is compiled gives the vector
     * code's bits: arguments from 1e-30 to 1e4 of both signs, zeros, multiples of pi/4 and their
     * neighbours, with and without the weighted coefficients.
     */
    @Test
    void prepareFromSeveralThreadsAtOnceLeavesTheKernelsExact() throws InterruptedException {
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(fast::prepare);
        }
        fast.prepare();
        for (Thread t : threads) {
            t.join();
        }
        ref.prepare();
        float[] a = new float[37];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 0.31f - 5f;
        }
        float[] got = new float[a.length];
        float[] want = new float[a.length];
        fast.flowScales(a, 0, a.length, got, 0);
        ref.flowScales(a, 0, a.length, want, 0);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(got[i] - want[i]) <= 2 * Math.ulp(want[i]), i + ": " + got[i] + " vs " + want[i]);
        }
    }

    @Test
    void cosSinLanesGivesTheVectorBits() {
        Random r = new Random(11);
        int n = 64 * 1024;
        float[] arg = new float[n];
        for (int i = 0; i < n; i++) {
            double magnitude = switch (i % 4) {
                case 0 -> Math.pow(10, r.nextDouble() * 34 - 30);
                case 1 -> r.nextDouble() * 10;
                case 2 -> r.nextDouble() * 1e4;
                default -> (i / 4 % 64) * Math.PI / 4;
            };
            float x = (float) magnitude;
            if (i % 4 == 3 && i % 3 != 0) {
                x = i % 3 == 1 ? Math.nextUp(x) : Math.nextDown(x);
            }
            arg[i] = r.nextBoolean() ? -x : x;
        }
        arg[0] = 0f;
        arg[1] = -0f;
        float[] coef = random(r, 2 * n);
        for (float[] c : new float[][] {null, coef}) {
            float[] cosV = new float[n];
            float[] sinV = new float[n];
            float[] cosL = new float[n];
            float[] sinL = new float[n];
            VectorMath.cosSinVectors(arg, 0, n, cosV, 0, sinV, 0, c, 0, n, 0.37f);
            VectorMath.cosSinLanes(arg, 0, n, cosL, 0, sinL, 0, c, 0, n, 0.37f);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(cosV[i]), Float.floatToRawIntBits(cosL[i]), "cos of " + arg[i]);
                assertEquals(Float.floatToRawIntBits(sinV[i]), Float.floatToRawIntBits(sinL[i]), "sin of " + arg[i]);
            }
        }
    }

    /** The flow scales' lane-by-lane twin gives the vector code's bits, clamps of exp included. */
    @Test
    void flowScaleLanesGivesTheVectorBits() {
        Random r = new Random(12);
        int n = 64 * 1024;
        float[] raw = new float[n];
        for (int i = 0; i < n; i++) {
            raw[i] = (float) (i % 2 == 0 ? r.nextGaussian() * 4 : (r.nextDouble() - 0.5) * 240);
        }
        raw[0] = -89f;
        raw[1] = 85f;
        raw[2] = 0f;
        raw[3] = -2f;
        float[] vectors = new float[n];
        float[] lanes = new float[n];
        VectorMath.flowScaleVectors(raw, 0, n, vectors, 0);
        VectorMath.flowScaleLanes(raw, 0, n, lanes, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(vectors[i]), Float.floatToRawIntBits(lanes[i]), "scale of " + raw[i]);
        }
    }

    /** The LayerNorm twin gives the vector row's bits: widths around the lane count, SwinIR's 180, zeros and -0. */
    @ParameterizedTest
    @CsvSource({"1", "2", "7", "8", "9", "15", "16", "17", "31", "33", "180", "181"})
    void layerNormRowLanesGivesTheVectorBits(int c) {
        Random r = new Random(c + 5L);
        int rows = 40;
        float[] in = new float[rows * c + 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        }
        java.util.Arrays.fill(in, 3, 3 + c, 0f); // a row of zeros
        java.util.Arrays.fill(in, 3 + c, 3 + 2 * c, -0f); // and of negative zeros
        in[3 + 2 * c] = 1e30f;
        float[] w = random(r, c);
        float[] b = random(r, c);
        float[] vectors = new float[in.length];
        float[] lanes = new float[in.length];
        float[] partial = new float[Sgemm.S.length()];
        for (int t = 0; t < rows; t++) {
            VectorMath.layerNormRow(in, 3 + t * c, vectors, 1 + t * c, w, b, partial, c);
            VectorMath.layerNormRowLanes(in, 3 + t * c, lanes, 1 + t * c, w, b, partial);
        }
        for (int i = 0; i < in.length; i++) {
            assertEquals(Float.floatToRawIntBits(vectors[i]), Float.floatToRawIntBits(lanes[i]), "value " + i);
        }
    }

    /** The GELU twin gives the vector code's bits: 64k values from -20 to 20 at every scale, zeros, the underflow edge. */
    @org.junit.jupiter.api.Test
    void geluLanesGiveTheVectorBits() {
        Random r = new Random(21);
        int n = 64 * 1024;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (i % 2 == 0 ? r.nextGaussian() * Math.pow(10, r.nextInt(8) - 5) : (r.nextDouble() - 0.5) * 40);
        }
        x[0] = 0f;
        x[1] = -0f;
        x[2] = -13.19f; // where e^(-x^2/2 + P) reaches the clamp
        x[3] = -13.2f;
        x[4] = 1e30f;
        x[5] = -1e30f;
        float[] vectors = x.clone();
        float[] lanes = x.clone();
        VectorGelu.vectors(vectors, 0, n);
        VectorGelu.lanes(lanes, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(vectors[i]), Float.floatToRawIntBits(lanes[i]), "gelu of " + x[i]);
        }
    }

    /** Scaling: the same products as the scalar loop, bit for bit, in place and between arrays. */
    @ParameterizedTest
    @CsvSource({"0", "1", "7", "8", "9", "16", "17", "30", "180"})
    void scaleGivesTheScalarProducts(int n) {
        Random r = new Random(n + 77L);
        float[] in = random(r, n + 3);
        float factor = (float) Math.pow(30, -0.5);
        float[] expected = new float[n + 2];
        ref.scale(in, 3, n, factor, expected, 1);
        float[] out = new float[n + 2];
        fast.scale(in, 3, n, factor, out, 1);
        assertArrayEquals(expected, out);
        for (int i = 0; i < n; i++) {
            assertEquals(in[3 + i] * factor, expected[1 + i]);
        }
        float[] inPlace = in.clone();
        fast.scale(inPlace, 3, n, factor, inPlace, 3);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 1, n + 1), java.util.Arrays.copyOfRange(inPlace, 3, n + 3));
        assertEquals(in[0], inPlace[0]);
    }

    /** A band of rows inside larger buffers gives, bit for bit, what the same rows give alone. */
    @ParameterizedTest
    @CsvSource({"0,3,5,2,7", "1,1,1,0,3", "7,15,17,3,1", "13,180,540,5,9", "8,17,16,1,1"})
    void denseOnABandEqualsDenseOnTheRowsAlone(int rows, int in, int out, int rowsBefore, int rowsAfter) {
        Random r = new Random(rows * 131L + in * 7L + out);
        DenseLayer layer = DenseLayer.of(in, out, random(r, in * out), random(r, out));
        float[] all = random(r, (rowsBefore + rows + rowsAfter) * in);
        float[] alone = java.util.Arrays.copyOfRange(all, rowsBefore * in, (rowsBefore + rows) * in);
        for (dev.linf.kernels.Kernels k : new dev.linf.kernels.Kernels[] {fast, ref}) {
            for (boolean relu : new boolean[] {false, true}) {
                float[] expected = new float[rows * out];
                k.dense(alone, rows, layer, expected, relu);
                float[] banded = new float[(rowsBefore + rows + rowsAfter) * out];
                java.util.Arrays.fill(banded, -7f);
                k.dense(all, rowsBefore * in, rows, layer, banded, rowsBefore * out, relu);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(banded, rowsBefore * out,
                        (rowsBefore + rows) * out), k.name());
                for (int i = 0; i < banded.length; i++) {
                    if (i < rowsBefore * out || i >= (rowsBefore + rows) * out) {
                        assertEquals(-7f, banded[i], "written outside the band at " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0,5,5", "1,1,1", "1,7,8", "5,8,16", "6,9,17", "7,15,15", "13,17,7", "12,1024,256", "64,256,60",
        "65,256,256", "31,31,31", "6,1,33"})
    void denseMatchesReference(int rows, int in, int out) {
        Random r = new Random(rows * 7919L + in * 31L + out);
        float[] x = random(r, rows * in);
        DenseLayer layer = DenseLayer.of(in, out, random(r, in * out), random(r, out));
        float[] weight = layer.weight();
        float[] bias = layer.bias();
        for (boolean relu : new boolean[] {false, true}) {
            float[] a = new float[rows * out];
            float[] b = new float[rows * out];
            fast.dense(x, rows, layer, a, relu);
            ref.dense(x, rows, layer, b, relu);
            for (int row = 0; row < rows; row++) {
                for (int o = 0; o < out; o++) {
                    double bound = 0;
                    for (int i = 0; i < in; i++) {
                        bound += Math.abs(x[row * in + i] * weight[o * in + i]);
                    }
                    double tol = 4 * Math.sqrt(in) * 6e-8 * (bound + Math.abs(bias[o])) + 1e-7;
                    assertEquals(b[row * out + o], a[row * out + o], tol, "row " + row + " out " + o);
                }
                // A row's result must not depend on the rows around it (tiling and blocks rely on it).
                float[] alone = new float[out];
                fast.dense(java.util.Arrays.copyOfRange(x, row * in, (row + 1) * in), 1, layer, alone, relu);
                assertArrayEquals(alone, java.util.Arrays.copyOfRange(a, row * out, (row + 1) * out), "row " + row);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"3,64,1,1,3", "3,64,5,7,3", "64,64,9,13,3", "5,17,2,31,3", "8,16,1,9,1", "17,7,11,3,3", "64,256,6,5,3",
        "1,1,1,1,3", "7,9,8,8,5"})
    void convMatchesReference(int cin, int cout, int h, int w, int k) {
        Random r = new Random(cin * 1009L + cout * 101L + h * 11L + w);
        Tensor in = Tensor.of(random(r, cin * h * w), cin, h, w);
        ConvWeights cw = new ConvWeights(cout, cin, k, random(r, cout * cin * k * k), random(r, cout));
        Tensor a;
        try (Parallel p = Parallel.of(2)) {
            a = fast.conv2d(in, cw, p);
        }
        Tensor b = ref.conv2d(in, cw);
        double tol = 4 * Math.sqrt(cin * k * k) * 6e-8 * 4 * Math.sqrt(cin * k * k) + 1e-6;
        for (int i = 0; i < a.numel(); i++) {
            assertEquals(b.data()[i], a.data()[i], tol, "element " + i);
        }
        assertEquals(a.data().length, Tensor.numel(cout, h, w));
        assertTrue(java.util.Arrays.equals(a.data(), fast.conv2d(in, cw).data()), "thread count changed the result");
        // Pixel-major in and out: the same values as the channel-major convolution, bit for bit,
        // unless the layer goes through Winograd.
        Tensor hwc;
        try (Parallel p = Parallel.of(2)) {
            hwc = fast.conv2dHwc(PixelMajor.fromChw(in, p), cw, p);
        }
        if (!VectorKernels.winograd(cw)) { // Winograd's rounding is checked in WinogradTest
            assertArrayEquals(PixelMajor.fromChw(a, Parallel.serial()).data(), hwc.data(), "conv2dHwc");
        }
        assertArrayEquals(PixelMajor.fromChw(b, Parallel.serial()).data(),
                ref.conv2dHwc(PixelMajor.fromChw(in, Parallel.serial()), cw, Parallel.serial()).data(), "reference conv2dHwc");
    }

    /** LayerNorm on float lanes against the double reference, lane width +-1 and SwinIR's widths, in place too. */
    @ParameterizedTest
    @CsvSource({"1", "7", "8", "9", "15", "16", "17", "60", "180", "181"})
    void layerNormMatchesReference(int c) {
        Random r = new Random(c * 977L);
        int tokens = 5;
        float[] x = random(r, tokens * c + 2);
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] * 3 + 1.5f; // an offset mean, as activations have
        }
        float[] w = random(r, c);
        float[] b = random(r, c);
        float[] want = new float[tokens * c + 1];
        float[] got = new float[tokens * c + 1];
        ref.layerNorm(x, 2, want, 1, tokens, w, b);
        fast.layerNorm(x, 2, got, 1, tokens, w, b);
        assertEquals(0f, got[0]);
        for (int i = 1; i < got.length; i++) {
            assertEquals(want[i], got[i], 2e-5 * (1 + Math.abs(want[i])), "c " + c + " element " + i);
        }
        float[] inPlace = x.clone();
        fast.layerNorm(inPlace, 2, inPlace, 2, tokens, w, b);
        assertArrayEquals(java.util.Arrays.copyOfRange(got, 1, got.length),
                java.util.Arrays.copyOfRange(inPlace, 2, inPlace.length), "in place");
    }

    /**
     * GELU on float lanes against the double-erf reference: a dense sweep of [-16, 16], the region
     * around 0 and the sign change, and random lengths around the lane width at odd offsets.
     */
    @Test
    void geluMatchesTheDoubleReference() {
        int n = 400_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i - n / 2) * (16f / (n / 2)); // step 4e-5 over [-16, 16]
        }
        x[0] = 1e-30f;
        x[1] = -1e-30f;
        x[2] = Float.MIN_VALUE;
        x[3] = -0f;
        float[] want = x.clone();
        float[] got = x.clone();
        ref.gelu(want, 0, n);
        fast.gelu(got, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            // Truth from Commons Math's erfc (relative accuracy ~1e-15); below about -13 the float
            // result is subnormal or 0.
            double truth = 0.5 * x[i] * Erf.erfc(-x[i] / Math.sqrt(2));
            double err = Math.abs(got[i] - truth);
            assertTrue(err <= 6e-7 * Math.abs(truth) + 4e-38, "x = " + x[i] + ": " + got[i] + " vs " + truth);
            worst = Math.max(worst, err / Math.max(Math.abs(truth), 1e-30));
            // The double reference loses |x| ulp(1) to 1 + erf's cancellation below 0 (it is 0 below -8.5).
            assertEquals(want[i], got[i], 6e-7 * Math.abs(want[i]) + 2e-15 * Math.abs(x[i]), "x = " + x[i]);
        }
        assertTrue(worst > 1e-8, "the float evaluation should differ somewhere from the exact value");
        assertEquals(Float.POSITIVE_INFINITY, gelu(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(gelu(Float.NaN)));
        assertTrue(Float.isNaN(gelu(Float.NEGATIVE_INFINITY))); // -inf * 0, as the reference and PyTorch
        assertEquals(0f, gelu(0f));
        assertEquals(-0f, gelu(-1e30f)); // e^(-x^2/2) underflows: no -1e30 * tiny leftovers
        assertEquals(3e30f, gelu(3e30f));
        assertEquals(ref.getClass(), ReferenceKernels.class);
        Random r = new Random(3);
        for (int len : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 31, 360, 1001}) {
            float[] a = random(r, len + 5);
            float[] b = a.clone();
            fast.gelu(b, 3, len);
            for (int i = 0; i < a.length; i++) {
                float expected = i < 3 || i >= 3 + len ? a[i] : gelu(a[i]); // alone = wherever it falls in a vector
                assertEquals(expected, b[i], "length " + len + " element " + i);
            }
        }
    }

    private float gelu(float v) {
        float[] one = {v};
        fast.gelu(one, 0, 1);
        return one[0];
    }

    @Test
    void cosSinIsAccurateOverLinfsArgumentRange() {
        Random r = new Random(5);
        for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 128, 1000}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                double scale = i % 3 == 0 ? 4 : i % 3 == 1 ? 300 : 10_000;
                x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
            }
            if (n > 3) {
                x[0] = 0f;
                x[1] = -0f;
                x[2] = (float) Math.PI;
                x[3] = (float) (-Math.PI / 2);
            }
            float[] c = new float[n + 3];
            float[] s = new float[n + 5];
            fast.cosSin(x, 0, n, c, 3, s, 5);
            for (int i = 0; i < n; i++) {
                assertEquals(Math.cos(x[i]), c[3 + i], 2.5e-7, "cos(" + x[i] + ")");
                assertEquals(Math.sin(x[i]), s[5 + i], 2.5e-7, "sin(" + x[i] + ")");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "7", "8", "9", "15", "16", "17", "31", "128"})
    void fourierFeaturesMatchReference(int half) {
        Random r = new Random(half * 13L + 1);
        int hidden = 2 * half;
        int src = 5; // the neighbour's vector starts inside the maps, not at 0
        float[] freq = random(r, src + hidden + 3);
        float[] coef = random(r, src + hidden + 3);
        for (int i = 0; i < freq.length; i++) {
            freq[i] *= 60; // LINF's frequencies reach tens of cycles per cell
        }
        float relY = 0.73f;
        float relX = -1.21f;
        float weight = 0.37f;
        float[] workFast = new float[hidden];
        float[] workRef = new float[hidden];
        for (int c = 0; c < half; c++) {
            workFast[c] = workRef[c] = (float) r.nextGaussian(); // the phase term
        }
        float[] a = new float[hidden + 4];
        float[] b = new float[hidden + 4];
        fast.fourierFeatures(freq, coef, src, half, relY, relX, weight, workFast, a, 2);
        ref.fourierFeatures(freq, coef, src, half, relY, relX, weight, workRef, b, 2);
        assertEquals(0f, a[0], "wrote before the output offset");
        assertEquals(0f, a[hidden + 2], "wrote past the block");
        for (int c = 0; c < hidden; c++) {
            // Same float32 argument in both; only cos/sin differ (within 2.5e-7), scaled by |w coef|.
            double tol = 2.5e-7 * Math.abs(weight * coef[src + c]) + Math.ulp(b[2 + c]);
            assertEquals(b[2 + c], a[2 + c], tol, "channel " + c);
        }
    }

    @Test
    void flowScalesMatchTheReferenceWithinTwoUlps() {
        Random r = new Random(11);
        for (int n : new int[] {0, 1, 15, 16, 17, 31, 60, 61, 4320}) {
            float[] raw = new float[n + 2];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (float) (r.nextGaussian() * (i % 2 == 0 ? 3 : 40)); // saturating values too
            }
            if (n > 4) {
                raw[2] = -2f;
                raw[3] = 1e6f;
                raw[4] = -1e6f;
            }
            float[] got = new float[n + 1];
            float[] want = new float[n + 1];
            fast.flowScales(raw, 2, n, got, 1);
            ref.flowScales(raw, 2, n, want, 1);
            for (int i = 1; i <= n; i++) {
                assertEquals(want[i], got[i], 2 * Math.ulp(want[i]), "scale(" + raw[i + 1] + ")");
                assertTrue(got[i] >= 1e-4f && got[i] <= 1.0001f, "scale in [1e-4, 1 + 1e-4]");
                float[] alone = new float[1];
                fast.flowScales(raw, i + 1, 1, alone, 0);
                assertEquals(got[i], alone[0], "a value must not depend on its position in the call");
            }
        }
    }
}
