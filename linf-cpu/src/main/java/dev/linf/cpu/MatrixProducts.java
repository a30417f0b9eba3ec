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

    /**
     * {@code out[i*n + j] = sum_c a[i*k + c] * b[c*n + j]}, offsets applied. Four vectors of a row at a
     * time (four independent FMA chains: one chain waits on the FMA latency), then masked single
     * vectors; each element is the same FMA chain over c either way.
     */
    static void multiply(float[] a, int aOff, float[] b, int bOff, int m, int n, int k, float[] out, int outOff) {
        int lanes = S.length();
        for (int i = 0; i < m; i++) {
            int row = aOff + i * k;
            int j = 0;
            for (; j + 4 * lanes <= n; j += 4 * lanes) {
                row4(a, row, b, bOff + j, n, k, out, outOff + i * n + j);
            }
            for (; j < n; j += lanes) {
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

    private static void row4(float[] a, int row, float[] b, int b0, int n, int k, float[] out, int o) {
        int lanes = S.length();
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        for (int c = 0; c < k; c++) {
            FloatVector x = FloatVector.broadcast(S, a[row + c]);
            int bp = b0 + c * n;
            acc0 = x.fma(FloatVector.fromArray(S, b, bp), acc0);
            acc1 = x.fma(FloatVector.fromArray(S, b, bp + lanes), acc1);
            acc2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * lanes), acc2);
            acc3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * lanes), acc3);
        }
        acc0.intoArray(out, o);
        acc1.intoArray(out, o + lanes);
        acc2.intoArray(out, o + 2 * lanes);
        acc3.intoArray(out, o + 3 * lanes);
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
