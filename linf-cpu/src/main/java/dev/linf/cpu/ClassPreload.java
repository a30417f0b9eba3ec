package dev.linf.cpu;

import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.InvertedFlow;
import dev.linf.kernels.Kernels;

/**
 * Runs the elementwise kernels, the GEMM, attention's products and the flow once, on a few values, before a
 * model's first layer, so that all the Vector API classes the kernels use (IntVector's species,
 * masks, the memory-segment classes behind loads and stores) are loaded before any kernel is
 * compiled. A class loaded later changes the class hierarchy the compiled code assumed, and the
 * JVM throws that code away: in a cold SwinIR run, IntVector's classes, first loaded by the first
 * attention softmax, discarded the LayerNorm's and the GEMM's C2 code, which was then compiled
 * again. Costs about 0.2 s once per JVM (197-208 ms measured, mostly loading and linking classes
 * the first real calls load otherwise; the convolutions are left out: they load no class of their
 * own, and interpreting them on tiny inputs took another 0.11 s). Results are unaffected (scratch
 * inputs, nothing kept: the packed-weight caches hold their layers weakly).
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
        flowInverse();
    }

    /** The flow's double vectors and float-to-double conversions: 5 queries of 9 values, every pass once. */
    private static void flowInverse() {
        int d = VectorFlow.MIN_DIM + 1;
        double[][] inverses = new double[2][];
        double[][] biases = new double[2][];
        for (int i = 0; i < 2; i++) {
            inverses[i] = toDouble(ramp(d * d));
            biases[i] = toDouble(ramp(d));
        }
        InvertedFlow flow = new InvertedFlow(inverses, biases);
        int count = 5;
        float[] scales = new float[count * flow.conditionLength()];
        java.util.Arrays.fill(scales, 0.5f);
        VectorFlow.inverseVectors(flow, count, null, ramp(scales.length), scales, new double[count * d],
                flow.blockWork(count));
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 7 - 3) * 0.125f;
        }
        return v;
    }
}
