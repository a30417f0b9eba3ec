package dev.linf.cpu;

import dev.linf.kernels.Activation;
import dev.linf.kernels.ChannelSlice;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.tensor.Tensor;

/**
 * Runs every kernel once, on a few values, when the kernels are created, so that all the Vector API
 * classes they use (IntVector's species, masks, the memory-segment classes behind loads and
 * stores) are loaded before any kernel is compiled. A class loaded later changes the class
 * hierarchy the compiled code assumed, and the JVM throws that code away: in a cold SwinIR run,
 * IntVector's classes, first loaded by the first attention softmax, discarded the LayerNorm's and
 * the GEMM's C2 code, which was then compiled again. Costs a few milliseconds, once per JVM;
 * results are unaffected (scratch inputs, nothing kept: the packed-weight caches hold their
 * layers weakly).
 */
final class ClassPreload {
    private ClassPreload() {
    }

    static void run(Kernels k) {
        int lanes = Sgemm.S.length();
        int n = 2 * lanes + 3; // whole vectors and a tail
        float[] a = ramp(4 * n);
        float[] b = ramp(4 * n);
        float[] out = new float[4 * n];
        k.cosSin(a, 0, n, out, 0, out, n);
        k.fourierFeatures(a, b, 0, n, 0.25f, -0.5f, 0.5f, new float[2 * n], out, 0);
        k.flowScales(a, 0, n, out, 0);
        k.gelu(ramp(n), 0, n);
        k.softmax(ramp(n), 0, n);
        k.layerNorm(a, 0, out, 0, 2, ramp(n), ramp(n));
        k.matmul(a, 0, b, 0, 2, n, 3, out, 0);
        k.matmulTransposed(a, 0, b, 0, 2, 3, n, out, 0);
        k.dense(a, 0, 3, DenseLayer.of(n, n, ramp(n * n), ramp(n)), new float[3 * n], 0, true);
        Parallel serial = Parallel.serial();
        for (int channels : new int[] {3, 2 * lanes, 2 * lanes + 3}) { // direct, Winograd, padded Winograd
            for (int size : new int[] {1, 3}) {
                ConvWeights w = new ConvWeights(channels, channels, size, ramp(channels * channels * size * size),
                        ramp(channels));
                Tensor image = Tensor.of(ramp(channels * 36), channels, 6, 6);
                k.conv2d(image, w, serial);
                ChannelSlice in = ChannelSlice.of(Tensor.of(ramp(channels * 36), 6, 6, channels));
                ChannelSlice to = ChannelSlice.of(Tensor.of(new float[channels * 36], 6, 6, channels));
                k.conv2d(in, w, Activation.LEAKY_RELU_0_2, to, serial);
            }
        }
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 7 - 3) * 0.125f;
        }
        return v;
    }
}
