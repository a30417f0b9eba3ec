package dev.linf.cpu;

import dev.linf.kernels.InvertedFlow;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The flow's sampling direction on 4-lane double vectors along each query's D values: per layer,
 * {@code W^-1} times the values of four queries at once, two vectors of rows a pass (eight
 * accumulators; each column's two weight vectors loaded once for the four queries), and the
 * step's shift and scale undone a vector at a time. The reference's arithmetic exactly
 * ({@link InvertedFlow#inverseBlock}): every lane sums its row's rounded products from 0 in column
 * order with separate multiplies and adds, so the same bits. Until C2 has compiled the vector code
 * the reference runs and the vector code is only counted ({@link ColdStartSwitch}); flows of fewer
 * than {@link #MIN_DIM} values always run the reference. Double, not float: the sampling direction
 * divides by scales down to 1e-4 through 11 layers, and the flow stays in double everywhere.
 * One thread, 72 queries of the 27-value flow: about 47 us of products (25 GFLOP/s, about 60% of
 * the double peak) and 16 us of shifts and scales.
 */
final class VectorFlow {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
    private static final int L = InvertedFlow.LANES;

    private static final PackedCache<InvertedFlow, Packed> CACHE = new PackedCache<>();
    /** One query through compiled code: about 2 us for 27 values and 11 layers; through C1, milliseconds. */
    private static final ColdStartSwitch SWITCH = new ColdStartSwitch(20_000);
    /** Empty calls per real call while cold: the runner calls once per block of queries (see VectorMath's scales). */
    private static final int COUNTED_CALLS = 32;

    /**
     * Smaller flows stay on the reference, whose products C2 vectorises across the queries: for
     * the pixel models' 3 values, 5.2 us per block of 72 there against 11.0 us here (27 values:
     * 95-119 us there, 63-68 here).
     */
    static final int MIN_DIM = 2 * L;

    private VectorFlow() {
    }

    /**
     * The layers for the vector code: each W^-1 column-major with each column padded to the stride
     * (zero rows below D), each bias padded with zeros.
     */
    private record Packed(int dim, int stride, int steps, double[][] columns, double[][] biases,
            VectorMask<Float> tail, VectorMask<Double> tailD) {
        static Packed of(InvertedFlow f) {
            int d = f.dim();
            int stride = f.stride();
            double[][] columns = new double[f.steps() + 1][];
            double[][] biases = new double[f.steps() + 1][];
            for (int i = 0; i <= f.steps(); i++) {
                double[] m = f.inverse(i);
                double[] col = new double[d * stride];
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        col[c * stride + r] = m[r * d + c];
                    }
                }
                columns[i] = col;
                biases[i] = java.util.Arrays.copyOf(f.bias(i), stride);
            }
            return new Packed(d, stride, f.steps(), columns, biases, F.indexInRange(stride - L, d),
                    S.indexInRange(stride - L, d));
        }
    }

    static void inverse(InvertedFlow f, int count, double[] z, float[] theta, float[] scales, double[] x,
            double[][] work) {
        if (f.dim() < MIN_DIM) {
            f.inverseBlock(count, z, theta, scales, x, work);
            return;
        }
        f.requireBlock(count, theta, scales, x, work);
        Packed p = CACHE.get(f, Packed::of);
        if (!SWITCH.compiled()) {
            for (int k = 0; k < COUNTED_CALLS; k++) {
                inverseVectors(p, 0, z, theta, scales, x, work);
            }
            int vectorEnd = SWITCH.timeThisCall() ? Math.min(1, count) : 0;
            if (vectorEnd > 0) {
                long t0 = System.nanoTime();
                inverseVectors(p, vectorEnd, z, theta, scales, x, work);
                SWITCH.timed(t0);
            }
            f.inverseBlock(count, z, theta, scales, x, work); // the same bits for every query
            return;
        }
        inverseVectors(p, count, z, theta, scales, x, work);
    }

    /** {@link #inverse} on vectors whether compiled or not (for tests). */
    static void inverseVectors(InvertedFlow f, int count, double[] z, float[] theta, float[] scales, double[] x,
            double[][] work) {
        f.requireBlock(count, theta, scales, x, work);
        inverseVectors(CACHE.get(f, Packed::of), count, z, theta, scales, x, work);
    }

    /** The whole block on vectors: queries 0 .. count of the arrays. */
    private static void inverseVectors(Packed p, int count, double[] z, float[] theta, float[] scales, double[] x,
            double[][] work) {
        int d = p.dim;
        int stride = p.stride;
        int len = p.steps * 2 * d;
        double[] a = work[0];
        double[] b = work[1];
        int full = d - d % L; // whole vectors of a query's values; a masked one after them when D is not
        double[] last = p.biases[p.steps];
        for (int q = 0; q < count; q++) {
            int o = q * stride;
            for (int j = 0; j < full; j += L) {
                DoubleVector v = z == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, z, q * d + j);
                v.sub(DoubleVector.fromArray(S, last, j)).intoArray(a, o + j);
            }
            if (full < d) {
                DoubleVector v = z == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, z, q * d + full, p.tailD);
                v.sub(DoubleVector.fromArray(S, last, full)).intoArray(a, o + full);
            }
        }
        multiply(p.columns[p.steps], d, stride, a, b, count);
        for (int i = p.steps - 1; i >= 0; i--) {
            double[] bias = p.biases[i];
            for (int q = 0; q < count; q++) {
                int t = q * len + i * 2 * d;
                int o = q * stride;
                for (int j = 0; j < full; j += L) {
                    DoubleVector shift = (DoubleVector) FloatVector.fromArray(F, theta, t + d + j)
                            .convertShape(VectorOperators.F2D, S, 0);
                    DoubleVector scale = (DoubleVector) FloatVector.fromArray(F, scales, t + j)
                            .convertShape(VectorOperators.F2D, S, 0);
                    DoubleVector.fromArray(S, b, o + j).sub(shift).div(scale)
                            .sub(DoubleVector.fromArray(S, bias, j)).intoArray(a, o + j);
                }
                if (full < d) {
                    DoubleVector shift = (DoubleVector) FloatVector.fromArray(F, theta, t + d + full, p.tail)
                            .convertShape(VectorOperators.F2D, S, 0);
                    DoubleVector scale = (DoubleVector) FloatVector.fromArray(F, scales, t + full, p.tail)
                            .convertShape(VectorOperators.F2D, S, 0);
                    DoubleVector.fromArray(S, b, o + full).sub(shift).div(scale)
                            .sub(DoubleVector.fromArray(S, bias, full)).intoArray(a, o + full);
                }
            }
            multiply(p.columns[i], d, stride, a, b, count);
        }
        for (int q = 0; q < count; q++) {
            System.arraycopy(b, q * stride, x, q * d, d);
        }
    }

    /** {@code out_q = m in_q} for each query: four queries and two vectors of rows a pass, then what is left. */
    private static void multiply(double[] col, int d, int stride, double[] in, double[] out, int count) {
        int q = 0;
        for (; q + 4 <= count; q += 4) {
            int q0 = q * stride;
            int q1 = q0 + stride;
            int q2 = q1 + stride;
            int q3 = q2 + stride;
            int j = 0;
            for (; j + 2 * L <= stride; j += 2 * L) {
                DoubleVector a0 = DoubleVector.zero(S);
                DoubleVector a1 = a0;
                DoubleVector a2 = a0;
                DoubleVector a3 = a0;
                DoubleVector b0 = a0;
                DoubleVector b1 = a0;
                DoubleVector b2 = a0;
                DoubleVector b3 = a0;
                for (int c = 0; c < d; c++) {
                    DoubleVector w0 = DoubleVector.fromArray(S, col, c * stride + j);
                    DoubleVector w1 = DoubleVector.fromArray(S, col, c * stride + j + L);
                    DoubleVector u = DoubleVector.broadcast(S, in[q0 + c]);
                    a0 = a0.add(w0.mul(u));
                    b0 = b0.add(w1.mul(u));
                    u = DoubleVector.broadcast(S, in[q1 + c]);
                    a1 = a1.add(w0.mul(u));
                    b1 = b1.add(w1.mul(u));
                    u = DoubleVector.broadcast(S, in[q2 + c]);
                    a2 = a2.add(w0.mul(u));
                    b2 = b2.add(w1.mul(u));
                    u = DoubleVector.broadcast(S, in[q3 + c]);
                    a3 = a3.add(w0.mul(u));
                    b3 = b3.add(w1.mul(u));
                }
                a0.intoArray(out, q0 + j);
                b0.intoArray(out, q0 + j + L);
                a1.intoArray(out, q1 + j);
                b1.intoArray(out, q1 + j + L);
                a2.intoArray(out, q2 + j);
                b2.intoArray(out, q2 + j + L);
                a3.intoArray(out, q3 + j);
                b3.intoArray(out, q3 + j + L);
            }
            for (; j < stride; j += L) {
                DoubleVector a0 = DoubleVector.zero(S);
                DoubleVector a1 = a0;
                DoubleVector a2 = a0;
                DoubleVector a3 = a0;
                for (int c = 0; c < d; c++) {
                    DoubleVector w0 = DoubleVector.fromArray(S, col, c * stride + j);
                    a0 = a0.add(w0.mul(DoubleVector.broadcast(S, in[q0 + c])));
                    a1 = a1.add(w0.mul(DoubleVector.broadcast(S, in[q1 + c])));
                    a2 = a2.add(w0.mul(DoubleVector.broadcast(S, in[q2 + c])));
                    a3 = a3.add(w0.mul(DoubleVector.broadcast(S, in[q3 + c])));
                }
                a0.intoArray(out, q0 + j);
                a1.intoArray(out, q1 + j);
                a2.intoArray(out, q2 + j);
                a3.intoArray(out, q3 + j);
            }
        }
        for (; q < count; q++) {
            int q0 = q * stride;
            for (int j = 0; j < stride; j += L) {
                DoubleVector a0 = DoubleVector.zero(S);
                for (int c = 0; c < d; c++) {
                    a0 = a0.add(DoubleVector.fromArray(S, col, c * stride + j).mul(DoubleVector.broadcast(S, in[q0 + c])));
                }
                a0.intoArray(out, q0 + j);
            }
        }
    }
}
