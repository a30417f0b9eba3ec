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
     * {@code out[i*n + j] = sum_c a[i*k + c] * b[c*n + j]}, offsets applied. Two rows by four vectors
     * at a time (eight independent FMA chains sharing the B loads; SwinIR's q k^T 9.6-13 -> 4.3-6.8 us
     * and attn v 4.7-5.5 -> 3.4-4.6 us against one row by four), the rest (columns past the last four
     * vectors, a last odd row) by masked single vectors; each element is the same FMA chain over c
     * either way.
     */
    static void multiply(float[] a, int aOff, float[] b, int bOff, int m, int n, int k, float[] out, int outOff) {
        int lanes = S.length();
        int wide = n - n % (4 * lanes);
        int pairs = m - m % 2;
        for (int i = 0; i < pairs; i += 2) { // two rows share each B load: 6 loads per 8 FMAs instead of 5 per 4
            for (int j = 0; j < wide; j += 4 * lanes) {
                rows2(a, aOff + i * k, k, b, bOff + j, n, out, outOff + i * n + j);
            }
        }
        for (int i = 0; i < m; i++) {
            int row = aOff + i * k;
            for (int j = i < pairs ? wide : 0; j < n; j += lanes) {
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

    /** Rows {@code row} and {@code row + k} of A against four vectors of B, each output one FMA chain over c. */
    private static void rows2(float[] a, int row, int k, float[] b, int b0, int n, float[] out, int o) {
        int lanes = S.length();
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        FloatVector acc4 = FloatVector.zero(S);
        FloatVector acc5 = FloatVector.zero(S);
        FloatVector acc6 = FloatVector.zero(S);
        FloatVector acc7 = FloatVector.zero(S);
        for (int c = 0; c < k; c++) {
            FloatVector x = FloatVector.broadcast(S, a[row + c]);
            FloatVector y = FloatVector.broadcast(S, a[row + k + c]);
            int bp = b0 + c * n;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + lanes);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * lanes);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * lanes);
            acc0 = x.fma(b0v, acc0);
            acc1 = x.fma(b1v, acc1);
            acc2 = x.fma(b2v, acc2);
            acc3 = x.fma(b3v, acc3);
            acc4 = y.fma(b0v, acc4);
            acc5 = y.fma(b1v, acc5);
            acc6 = y.fma(b2v, acc6);
            acc7 = y.fma(b3v, acc7);
        }
        acc0.intoArray(out, o);
        acc1.intoArray(out, o + lanes);
        acc2.intoArray(out, o + 2 * lanes);
        acc3.intoArray(out, o + 3 * lanes);
        acc4.intoArray(out, o + n);
        acc5.intoArray(out, o + n + lanes);
        acc6.intoArray(out, o + n + 2 * lanes);
        acc7.intoArray(out, o + n + 3 * lanes);
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
