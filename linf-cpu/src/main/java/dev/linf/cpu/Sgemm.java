package dev.linf.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C (m x n) = [bias or C] + A (m x k, row stride lda) * B (k x n, packed panels two vectors
 * wide)} with a register block of two B vectors against 6 broadcast A scalars (12 FMA accumulators)
 * where there are 16 vector registers (AVX2, 8-float vectors), or against 8 (16 accumulators) where
 * there are 32 (AVX-512, 16-float vectors); 4- and 1-row blocks take the rows left over. Every vector is created and consumed inside {@link #block6}/{@link #block1} (no
 * helper returns a vector, which C2 would box), and there are no masks: a partial last panel runs
 * the same kernel on a zero-padded full-width copy. Each element is {@code fma(a_ik, b_kj, acc)} over
 * k in order whatever block it falls in, so results do not depend on m, tails or thread splits.
 */
final class Sgemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector: 8 with AVX2, 16 with AVX-512. */
    private static final int L = S.length();
    /**
     * Rows per register block. 8 needs 16 accumulators + 3 live vectors, which only fits AVX-512's
     * 32 registers (with 16 an accumulator spills, PERFORMANCE-NOTES hazard 1). Measured with
     * AVX-512, one core: 72 x 1024 x 256 at 77-79 GFLOP/s against 72-79 with 6 rows, 120 x 192 x 64
     * (a convolution row) 73-75 against 66-73; and a 256-wide image row (256 = 32 x 8) leaves no
     * slow one-row tail.
     */
    private static final int MR = L >= 16 ? 8 : 6;
    private static final int NR = PackedPanels.WIDTH;
    /**
     * K chunk: a 16 KB slice of a B panel (256 rows with AVX2, 128 with AVX-512), half of a 32 KB
     * L1 so the A rows and C stay beside it. A 32 KB slice measured 12% slower on AVX-512 (MLP
     * 1024-256-256-256-60 on 72 rows: 72 vs 82 GFLOP/s on one core).
     */
    private static final int KC = 16 * 1024 / (NR * Float.BYTES);

    /** Per-thread buffer for a partial last panel, so the hot path allocates nothing. */
    private static final ThreadLocal<float[]> PARTIAL = ThreadLocal.withInitial(() -> new float[0]);

    private Sgemm() {
    }

    private static float[] partialPanel(int length) {
        float[] t = PARTIAL.get();
        if (t.length < length) {
            t = new float[length];
            PARTIAL.set(t);
        }
        return t;
    }

    /**
     * @param init the initial value of every C row (length n, e.g. the bias), or null to accumulate
     *     into C as it is
     */
    static void multiply(float[] a, int aOff, int lda, int m, PackedPanels b, float[] init,
            float[] c, int cOff, int ldc) {
        int n = b.n();
        if (init != null) {
            for (int r = 0; r < m; r++) {
                System.arraycopy(init, 0, c, cOff + r * ldc, n);
            }
        }
        for (int p = 0; p < b.panels(); p++) {
            int col = p * NR;
            int valid = Math.min(NR, n - col);
            if (valid == NR) {
                rows(a, aOff, lda, m, b.data(), b.panelOffset(p), b.k(), c, cOff + col, ldc);
            } else {
                float[] tmp = partialPanel(m * NR);
                for (int r = 0; r < m; r++) {
                    System.arraycopy(c, cOff + r * ldc + col, tmp, r * NR, valid);
                }
                rows(a, aOff, lda, m, b.data(), b.panelOffset(p), b.k(), tmp, 0, NR);
                for (int r = 0; r < m; r++) {
                    System.arraycopy(tmp, r * NR, c, cOff + r * ldc + col, valid);
                }
            }
        }
    }

    /**
     * {@code max(c, 0)} over m rows of n values. The callers apply it, not {@link #multiply}: the
     * convolutions never ask for it and the MLP does, and a branch that a method's first thousands
     * of calls all take one way is compiled as a trap, which the MLP's first call then hit (a
     * deoptimisation of the GEMM and one more C2 compilation of it, about 0.1 s, per process).
     */
    static void relu(float[] c, int cOff, int ldc, int m, int n) {
        for (int r = 0; r < m; r++) {
            int o = cOff + r * ldc;
            for (int j = 0; j < n; j++) {
                c[o + j] = Math.max(c[o + j], 0f);
            }
        }
    }

    /**
     * All rows against one panel, K in chunks of {@link #KC} so the panel's chunk stays in
     * L1 while every row group passes over it; C carries the sums between chunks, so the order of
     * the FMAs per element is unchanged.
     */
    private static void rows(float[] a, int aOff, int lda, int m, float[] b, int pOff, int k, float[] c, int cOff,
            int ldc) {
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            int bOff = pOff + k0 * NR;
            int row = 0;
            if (MR == 8) {
                for (; row + 8 <= m; row += 8) {
                    block8(a, aOff + row * lda + k0, lda, b, bOff, kc, c, cOff + row * ldc, ldc);
                }
            } else {
                for (; row + 6 <= m; row += 6) {
                    block6(a, aOff + row * lda + k0, lda, b, bOff, kc, c, cOff + row * ldc, ldc);
                }
            }
            for (; row + 4 <= m; row += 4) {
                block4(a, aOff + row * lda + k0, lda, b, bOff, kc, c, cOff + row * ldc, ldc);
            }
            for (; row < m; row++) {
                block1(a, aOff + row * lda + k0, b, bOff, kc, c, cOff + row * ldc);
            }
        }
    }

    private static void block6(float[] a, int a0, int lda, float[] b, int pOff, int k, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        FloatVector v00 = FloatVector.fromArray(S, c, c0);
        FloatVector v01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector v10 = FloatVector.fromArray(S, c, c1);
        FloatVector v11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector v20 = FloatVector.fromArray(S, c, c2);
        FloatVector v21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector v30 = FloatVector.fromArray(S, c, c3);
        FloatVector v31 = FloatVector.fromArray(S, c, c3 + L);
        FloatVector v40 = FloatVector.fromArray(S, c, c4);
        FloatVector v41 = FloatVector.fromArray(S, c, c4 + L);
        FloatVector v50 = FloatVector.fromArray(S, c, c5);
        FloatVector v51 = FloatVector.fromArray(S, c, c5 + L);
        for (int kk = 0; kk < k; kk++) {
            int bp = pOff + kk * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ak = a0 + kk;
            FloatVector x = FloatVector.broadcast(S, a[ak]);
            v00 = b0.fma(x, v00);
            v01 = b1.fma(x, v01);
            x = FloatVector.broadcast(S, a[ak + lda]);
            v10 = b0.fma(x, v10);
            v11 = b1.fma(x, v11);
            x = FloatVector.broadcast(S, a[ak + 2 * lda]);
            v20 = b0.fma(x, v20);
            v21 = b1.fma(x, v21);
            x = FloatVector.broadcast(S, a[ak + 3 * lda]);
            v30 = b0.fma(x, v30);
            v31 = b1.fma(x, v31);
            x = FloatVector.broadcast(S, a[ak + 4 * lda]);
            v40 = b0.fma(x, v40);
            v41 = b1.fma(x, v41);
            x = FloatVector.broadcast(S, a[ak + 5 * lda]);
            v50 = b0.fma(x, v50);
            v51 = b1.fma(x, v51);
        }
        v00.intoArray(c, c0);
        v01.intoArray(c, c0 + L);
        v10.intoArray(c, c1);
        v11.intoArray(c, c1 + L);
        v20.intoArray(c, c2);
        v21.intoArray(c, c2 + L);
        v30.intoArray(c, c3);
        v31.intoArray(c, c3 + L);
        v40.intoArray(c, c4);
        v41.intoArray(c, c4 + L);
        v50.intoArray(c, c5);
        v51.intoArray(c, c5 + L);
    }

    private static void block8(float[] a, int a0, int lda, float[] b, int pOff, int k, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
        FloatVector v00 = FloatVector.fromArray(S, c, c0);
        FloatVector v01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector v10 = FloatVector.fromArray(S, c, c1);
        FloatVector v11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector v20 = FloatVector.fromArray(S, c, c2);
        FloatVector v21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector v30 = FloatVector.fromArray(S, c, c3);
        FloatVector v31 = FloatVector.fromArray(S, c, c3 + L);
        FloatVector v40 = FloatVector.fromArray(S, c, c4);
        FloatVector v41 = FloatVector.fromArray(S, c, c4 + L);
        FloatVector v50 = FloatVector.fromArray(S, c, c5);
        FloatVector v51 = FloatVector.fromArray(S, c, c5 + L);
        FloatVector v60 = FloatVector.fromArray(S, c, c6);
        FloatVector v61 = FloatVector.fromArray(S, c, c6 + L);
        FloatVector v70 = FloatVector.fromArray(S, c, c7);
        FloatVector v71 = FloatVector.fromArray(S, c, c7 + L);
        for (int kk = 0; kk < k; kk++) {
            int bp = pOff + kk * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ak = a0 + kk;
            FloatVector x = FloatVector.broadcast(S, a[ak]);
            v00 = b0.fma(x, v00);
            v01 = b1.fma(x, v01);
            x = FloatVector.broadcast(S, a[ak + lda]);
            v10 = b0.fma(x, v10);
            v11 = b1.fma(x, v11);
            x = FloatVector.broadcast(S, a[ak + 2 * lda]);
            v20 = b0.fma(x, v20);
            v21 = b1.fma(x, v21);
            x = FloatVector.broadcast(S, a[ak + 3 * lda]);
            v30 = b0.fma(x, v30);
            v31 = b1.fma(x, v31);
            x = FloatVector.broadcast(S, a[ak + 4 * lda]);
            v40 = b0.fma(x, v40);
            v41 = b1.fma(x, v41);
            x = FloatVector.broadcast(S, a[ak + 5 * lda]);
            v50 = b0.fma(x, v50);
            v51 = b1.fma(x, v51);
            x = FloatVector.broadcast(S, a[ak + 6 * lda]);
            v60 = b0.fma(x, v60);
            v61 = b1.fma(x, v61);
            x = FloatVector.broadcast(S, a[ak + 7 * lda]);
            v70 = b0.fma(x, v70);
            v71 = b1.fma(x, v71);
        }
        v00.intoArray(c, c0);
        v01.intoArray(c, c0 + L);
        v10.intoArray(c, c1);
        v11.intoArray(c, c1 + L);
        v20.intoArray(c, c2);
        v21.intoArray(c, c2 + L);
        v30.intoArray(c, c3);
        v31.intoArray(c, c3 + L);
        v40.intoArray(c, c4);
        v41.intoArray(c, c4 + L);
        v50.intoArray(c, c5);
        v51.intoArray(c, c5 + L);
        v60.intoArray(c, c6);
        v61.intoArray(c, c6 + L);
        v70.intoArray(c, c7);
        v71.intoArray(c, c7 + L);
    }

    private static void block4(float[] a, int a0, int lda, float[] b, int pOff, int k, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector v00 = FloatVector.fromArray(S, c, c0);
        FloatVector v01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector v10 = FloatVector.fromArray(S, c, c1);
        FloatVector v11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector v20 = FloatVector.fromArray(S, c, c2);
        FloatVector v21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector v30 = FloatVector.fromArray(S, c, c3);
        FloatVector v31 = FloatVector.fromArray(S, c, c3 + L);
        for (int kk = 0; kk < k; kk++) {
            int bp = pOff + kk * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ak = a0 + kk;
            FloatVector x = FloatVector.broadcast(S, a[ak]);
            v00 = b0.fma(x, v00);
            v01 = b1.fma(x, v01);
            x = FloatVector.broadcast(S, a[ak + lda]);
            v10 = b0.fma(x, v10);
            v11 = b1.fma(x, v11);
            x = FloatVector.broadcast(S, a[ak + 2 * lda]);
            v20 = b0.fma(x, v20);
            v21 = b1.fma(x, v21);
            x = FloatVector.broadcast(S, a[ak + 3 * lda]);
            v30 = b0.fma(x, v30);
            v31 = b1.fma(x, v31);
        }
        v00.intoArray(c, c0);
        v01.intoArray(c, c0 + L);
        v10.intoArray(c, c1);
        v11.intoArray(c, c1 + L);
        v20.intoArray(c, c2);
        v21.intoArray(c, c2 + L);
        v30.intoArray(c, c3);
        v31.intoArray(c, c3 + L);
    }

    private static void block1(float[] a, int a0, float[] b, int pOff, int k, float[] c, int c0) {
        FloatVector v0 = FloatVector.fromArray(S, c, c0);
        FloatVector v1 = FloatVector.fromArray(S, c, c0 + L);
        for (int kk = 0; kk < k; kk++) {
            int bp = pOff + kk * NR;
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            v0 = FloatVector.fromArray(S, b, bp).fma(x, v0);
            v1 = FloatVector.fromArray(S, b, bp + L).fma(x, v1);
        }
        v0.intoArray(c, c0);
        v1.intoArray(c, c0 + L);
    }
}
