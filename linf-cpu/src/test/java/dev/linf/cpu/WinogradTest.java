package dev.linf.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.kernels.Activation;
import dev.linf.kernels.ChannelSlice;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.Parallel;
import dev.linf.kernels.ReferenceKernels;
import dev.linf.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Winograd F(2x2, 3x3) and F(4x4, 3x3) against the scalar reference's direct convolution, on image
 * sizes that leave partial tiles and blocks (1, primes, one more than a tile or a block), reading
 * and writing channel slices of wider buffers, with every activation, seeded. Each element's error is
 * bounded relative to the sum of the magnitudes of its terms (in double): F(2x2) within 1e-6 of it,
 * F(4x4) within 1e-5 (measured maxima are printed by the assertion messages when they fail).
 */
class WinogradTest {
    private static final int L = Sgemm.S.length();

    @ParameterizedTest
    @CsvSource({"1,1,1,1,NONE", "1,2,2,3,RELU", "2,1,5,7,LEAKY_RELU_0_2", "1,1,13,17,NONE", "3,2,9,4,RELU",
        "2,4,8,8,LEAKY_RELU_0_2", "1,3,1,131,NONE", "2,2,37,1,RELU", "1,1,33,65,LEAKY_RELU_0_2"})
    void matchesTheDirectConvolution(int cinVectors, int coutVectors, int h, int w, Activation act) {
        int cin = cinVectors * L;
        int cout = coutVectors * L;
        Random r = new Random(cin * 7919L + cout * 131L + h * 17L + w);
        ConvWeights cw = new ConvWeights(cout, cin, 3, VectorKernelsTest.random(r, cout * cin * 9),
                VectorKernelsTest.random(r, cout));
        assertTrue(Winograd.takes(cw));
        // The input is channels [3, 3 + cin) of a wider buffer; the output goes to channels of another.
        int inStride = cin + 5;
        int outStride = cout + 2 * L + 1;
        float[] inBuf = VectorKernelsTest.random(r, h * w * inStride);
        ChannelSlice in = new ChannelSlice(inBuf, h, w, inStride, 3, cin);
        Tensor expected = ReferenceKernels.INSTANCE.conv2dHwc(in.copy(Parallel.serial()), cw, Parallel.serial());
        double[] bound = magnitudes(in.copy(Parallel.serial()), cw);
        for (Winograd f : new Winograd[] {Winograd.F2, Winograd.F4}) {
            double rel = f == Winograd.F2 ? 1e-6 : 1e-5;
            float[] outBuf = new float[h * w * outStride];
            java.util.Arrays.fill(outBuf, 7f);
            ChannelSlice out = new ChannelSlice(outBuf, h, w, outStride, L + 1, cout);
            try (Parallel p = Parallel.of(2)) {
                f.convolve(in, f.pack(cw, Parallel.serial()), act, out, p);
            }
            double worst = 0;
            for (int px = 0; px < h * w; px++) {
                for (int o = 0; o < cout; o++) {
                    float want = act.apply(expected.data()[px * cout + o]);
                    float got = outBuf[px * outStride + L + 1 + o];
                    double err = Math.abs(got - want) / bound[px * cout + o];
                    worst = Math.max(worst, err);
                    assertEquals(want, got, rel * bound[px * cout + o] + 1e-30, "F(" + f.m + ") pixel " + px + " out " + o);
                }
                for (int c = 0; c < outStride; c++) { // nothing outside the slice was written
                    if (c < L + 1 || c >= L + 1 + cout) {
                        assertEquals(7f, outBuf[px * outStride + c], "F(" + f.m + ") wrote outside its slice");
                    }
                }
            }
            assertTrue(worst < rel, "F(" + f.m + ") relative error " + worst);
            // One thread gives the same bits as two (blocks do not depend on the split).
            float[] serial = new float[h * w * outStride];
            f.convolve(in, f.pack(cw, Parallel.serial()), act, new ChannelSlice(serial, h, w, outStride, L + 1, cout), Parallel.serial());
            for (int px = 0; px < h * w; px++) {
                for (int o = 0; o < cout; o++) {
                    assertEquals(outBuf[px * outStride + L + 1 + o], serial[px * outStride + L + 1 + o], 0f);
                }
            }
        }
    }

    /**
     * Channel counts that are not whole vectors (SwinIR's 180 and 60) run on zero-padded channels
     * through {@code conv2dHwc}: within F(4x4)'s bound of the direct convolution, real channels only.
     */
    @ParameterizedTest
    @CsvSource({"2,3,2,5,7,9", "3,-4,3,-4,13,5", "2,0,2,1,1,1", "2,1,2,0,6,6"})
    void paddedChannelsMatchTheDirectConvolution(int cinVectors, int cinExtra, int coutVectors, int coutExtra, int h,
            int w) {
        int cin = cinVectors * L + cinExtra;
        int cout = coutVectors * L + coutExtra;
        Random r = new Random(cin * 31L + cout * 7L + h * w);
        ConvWeights cw = new ConvWeights(cout, cin, 3, VectorKernelsTest.random(r, cout * cin * 9),
                VectorKernelsTest.random(r, cout));
        assertTrue(VectorKernels.winograd(cw));
        Tensor in = Tensor.of(VectorKernelsTest.random(r, h * w * cin), h, w, cin);
        Tensor expected = ReferenceKernels.INSTANCE.conv2dHwc(in, cw, Parallel.serial());
        double[] bound = magnitudes(in, cw);
        Tensor got;
        try (Parallel p = Parallel.of(2)) {
            got = VectorKernels.INSTANCE.conv2dHwc(in, cw, p);
        }
        assertArrayEquals(expected.shape(), got.shape());
        for (int i = 0; i < got.numel(); i++) {
            assertEquals(expected.data()[i], got.data()[i], 1e-5 * bound[i], "element " + i);
        }
    }

    /** Sum over the 3x3 window and channels of |w| |x| plus |bias|, in double, per output element. */
    private static double[] magnitudes(Tensor hwc, ConvWeights cw) {
        int h = hwc.dim(0);
        int w = hwc.dim(1);
        int cin = cw.inChannels();
        int cout = cw.outChannels();
        float[] wt = cw.weight();
        float[] x = hwc.data();
        double[] out = new double[h * w * cout];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                for (int o = 0; o < cout; o++) {
                    double s = Math.abs(cw.bias()[o]);
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            int yy = y + i - 1;
                            int xc = xx + j - 1;
                            if (yy < 0 || yy >= h || xc < 0 || xc >= w) {
                                continue;
                            }
                            for (int c = 0; c < cin; c++) {
                                s += Math.abs(wt[((o * cin + c) * 3 + i) * 3 + j] * x[(yy * w + xc) * cin + c]);
                            }
                        }
                    }
                    out[(y * w + xx) * cout + o] = s;
                }
            }
        }
        return out;
    }

    /** Slices whose channels are not whole vectors, and 1x1 layers, take the direct path. */
    @ParameterizedTest
    @CsvSource({"1,0,1,NONE", "1,1,1,RELU", "3,1,-1,LEAKY_RELU_0_2", "3,-1,1,RELU", "1,1,0,LEAKY_RELU_0_2",
        "3,2,2,NONE", "3,0,0,LEAKY_RELU_0_2"})
    void slicesMatchTheReference(int k, int cinExtra, int coutExtra, Activation act) {
        int cin = 2 * L + cinExtra;
        int cout = L + coutExtra;
        Random r = new Random(k * 31L + cin * 7L + cout);
        ConvWeights cw = new ConvWeights(cout, cin, k, VectorKernelsTest.random(r, cout * cin * k * k),
                VectorKernelsTest.random(r, cout));
        int h = 7;
        int w = 11;
        int stride = cin + cout + 3;
        float[] buf = VectorKernelsTest.random(r, h * w * stride);
        ChannelSlice in = new ChannelSlice(buf, h, w, stride, 1, cin);
        ChannelSlice out = in.channels(1 + cin, cout);
        float[] viaReference = buf.clone();
        ReferenceKernels.INSTANCE.conv2d(new ChannelSlice(viaReference, h, w, stride, 1, cin), cw, act,
                new ChannelSlice(viaReference, h, w, stride, 1 + cin, cout), Parallel.serial());
        try (Parallel p = Parallel.of(2)) {
            VectorKernels.INSTANCE.conv2d(in, cw, act, out, p);
        }
        if (VectorKernels.winograd(cw)) {
            for (int i = 0; i < buf.length; i++) {
                assertEquals(viaReference[i], buf[i], 1e-3, "element " + i);
            }
        } else {
            float[] direct = VectorKernels.INSTANCE.conv2dHwc(in.copy(Parallel.serial()), cw, Parallel.serial()).data();
            for (int i = 0; i < buf.length; i++) {
                assertEquals(viaReference[i], buf[i], 1e-4, "element " + i);
            }
            // The direct path's values are conv2dHwc's, activated, bit for bit.
            for (int px = 0; px < h * w; px++) {
                for (int o = 0; o < cout; o++) {
                    assertEquals(act.apply(direct[px * cout + o]), buf[px * stride + 1 + cin + o], 0f);
                }
            }
        }
        float[] untouched = new float[h * w];
        float[] before = new float[h * w];
        for (int px = 0; px < h * w; px++) { // channel 0 is in no slice
            untouched[px] = buf[px * stride];
            before[px] = viaReference[px * stride];
        }
        assertArrayEquals(before, untouched);
    }
}
