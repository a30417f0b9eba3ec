package dev.linf.cpu;

import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.Kernels;

/**
 * Runs the elementwise kernels, the GEMM and attention's products once, on a few values, before a
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
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 7 - 3) * 0.125f;
        }
        return v;
    }
}
