package dev.linf.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C (m x n) = [C or bias] + A (m x k, row stride lda) * B (k x n, packed panels)} with a
 * 6 x 16 register block: per k step two B vectors and six broadcast A scalars feed 12 FMA
 * accumulators (12 of the 16 AVX2 registers; more spill, see PERFORMANCE-NOTES). Every element is
 * {@code fma(a_ik, b_kj, acc)} over k in order whatever the block it falls in, so results do not
 * depend on m, on tails, or on how rows are split between threads.
 */
final class Sgemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int MR = 6;

    private Sgemm() {
    }

    /**
     * @param init the initial C row (length n, e.g. the bias), or null to accumulate into C
     */
    static void multiply(float[] a, int aOff, int lda, int m, PackedPanels b, float[] init,
            float[] c, int cOff, int ldc, boolean relu) {
        int k = b.k();
        for (int p = 0; p < b.panels(); p++) {
            int col = p * PackedPanels.WIDTH;
            int valid = Math.min(PackedPanels.WIDTH, b.n() - col);
            // Masks only on a partial last panel: unmasked loads and stores are the fast path.
            VectorMask<Float> m0 = valid == PackedPanels.WIDTH ? null : S.indexInRange(0, valid);
            VectorMask<Float> m1 = valid == PackedPanels.WIDTH ? null : S.indexInRange(8, valid);
            int pOff = b.panelOffset(p);
            int row = 0;
            for (; row + MR <= m; row += MR) {
                block6(a, aOff + row * lda, lda, b.data(), pOff, k, init, c, cOff + row * ldc + col, ldc, col,
                        m0, m1, relu);
            }
            for (; row < m; row++) {
                block1(a, aOff + row * lda, b.data(), pOff, k, init, c, cOff + row * ldc + col, col, m0, m1, relu);
            }
        }
    }

    private static FloatVector start(float[] init, float[] c, int cOff, int col, int lane, VectorMask<Float> mask) {
        if (mask == null) {
            return init != null ? FloatVector.fromArray(S, init, col + lane) : FloatVector.fromArray(S, c, cOff + lane);
        }
        return init != null ? FloatVector.fromArray(S, init, col + lane, mask)
                : FloatVector.fromArray(S, c, cOff + lane, mask);
    }

    private static void block6(float[] a, int a0, int lda, float[] b, int pOff, int k, float[] init, float[] c,
            int c0, int ldc, int col, VectorMask<Float> m0, VectorMask<Float> m1, boolean relu) {
        FloatVector c00 = start(init, c, c0, col, 0, m0);
        FloatVector c01 = start(init, c, c0, col, 8, m1);
        FloatVector c10 = start(init, c, c0 + ldc, col, 0, m0);
        FloatVector c11 = start(init, c, c0 + ldc, col, 8, m1);
        FloatVector c20 = start(init, c, c0 + 2 * ldc, col, 0, m0);
        FloatVector c21 = start(init, c, c0 + 2 * ldc, col, 8, m1);
        FloatVector c30 = start(init, c, c0 + 3 * ldc, col, 0, m0);
        FloatVector c31 = start(init, c, c0 + 3 * ldc, col, 8, m1);
        FloatVector c40 = start(init, c, c0 + 4 * ldc, col, 0, m0);
        FloatVector c41 = start(init, c, c0 + 4 * ldc, col, 8, m1);
        FloatVector c50 = start(init, c, c0 + 5 * ldc, col, 0, m0);
        FloatVector c51 = start(init, c, c0 + 5 * ldc, col, 8, m1);
        int r1 = a0 + lda;
        int r2 = a0 + 2 * lda;
        int r3 = a0 + 3 * lda;
        int r4 = a0 + 4 * lda;
        int r5 = a0 + 5 * lda;
        for (int kk = 0, bp = pOff; kk < k; kk++, bp += 16) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + 8);
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[r1 + kk]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[r2 + kk]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[r3 + kk]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[r4 + kk]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[r5 + kk]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        store(c00, c01, c, c0, m0, m1, relu);
        store(c10, c11, c, c0 + ldc, m0, m1, relu);
        store(c20, c21, c, c0 + 2 * ldc, m0, m1, relu);
        store(c30, c31, c, c0 + 3 * ldc, m0, m1, relu);
        store(c40, c41, c, c0 + 4 * ldc, m0, m1, relu);
        store(c50, c51, c, c0 + 5 * ldc, m0, m1, relu);
    }

    private static void block1(float[] a, int a0, float[] b, int pOff, int k, float[] init, float[] c, int c0,
            int col, VectorMask<Float> m0, VectorMask<Float> m1, boolean relu) {
        FloatVector c00 = start(init, c, c0, col, 0, m0);
        FloatVector c01 = start(init, c, c0, col, 8, m1);
        for (int kk = 0, bp = pOff; kk < k; kk++, bp += 16) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = FloatVector.fromArray(S, b, bp).fma(x, c00);
            c01 = FloatVector.fromArray(S, b, bp + 8).fma(x, c01);
        }
        store(c00, c01, c, c0, m0, m1, relu);
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int off, VectorMask<Float> m0,
            VectorMask<Float> m1, boolean relu) {
        if (relu) {
            v0 = v0.max(0f);
            v1 = v1.max(0f);
        }
        if (m0 == null) {
            v0.intoArray(c, off);
            v1.intoArray(c, off + 8);
        } else {
            v0.intoArray(c, off, m0);
            v1.intoArray(c, off + 8, m1);
        }
    }
}
