package dev.linf.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small dense products for window attention ({@code q k^T} and {@code attn v} on 64-token
 * windows): rows of the output accumulated lane-wise with FMA, a masked last vector for widths
 * that are not a multiple of the lane count.
 */
final class MatrixProducts {
    private static final VectorSpecies<Float> S = Sgemm.S;

    /** Per-thread buffer for the transposed B, so attention allocates nothing per window. */
    private static final ThreadLocal<float[]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[0]);

    private MatrixProducts() {
    }

    /** {@code out[i*n + j] = sum_c a[i*k + c] * b[c*n + j]}, offsets applied. */
    static void multiply(float[] a, int aOff, float[] b, int bOff, int m, int n, int k, float[] out, int outOff) {
        int lanes = S.length();
        for (int i = 0; i < m; i++) {
            int row = aOff + i * k;
            for (int j = 0; j < n; j += lanes) {
                VectorMask<Float> mask = S.indexInRange(j, n);
                FloatVector acc = FloatVector.zero(S);
                for (int c = 0; c < k; c++) {
                    FloatVector bv = FloatVector.fromArray(S, b, bOff + c * n + j, mask);
                    acc = FloatVector.broadcast(S, a[row + c]).fma(bv, acc);
                }
                acc.intoArray(out, outOff + i * n + j, mask);
            }
        }
    }

    /** {@code out[i*n + j] = sum_c a[i*k + c] * b[j*k + c]}: B transposed once, then {@link #multiply}. */
    static void multiplyTransposed(float[] a, int aOff, float[] b, int bOff, int m, int n, int k, float[] out,
            int outOff) {
        float[] bt = TRANSPOSED.get();
        if (bt.length < k * n) {
            bt = new float[k * n];
            TRANSPOSED.set(bt);
        }
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < k; c++) {
                bt[c * n + j] = b[bOff + j * k + c];
            }
        }
        multiply(a, aOff, bt, 0, m, n, k, out, outOff);
    }
}
