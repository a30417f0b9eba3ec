package dev.linf.kernels;

/**
 * LINF's flow as its sampling direction applies it (spec section 5): the inverse {@code W^-1} and
 * bias {@code b} of each of its {@code steps + 1} dense layers, in double, the final layer last.
 * Between the layers, step i's conditional shift and scale are undone. Kernels compute
 * {@link Kernels#flowInverse} from this; {@link #inverseBlock} is the reference arithmetic every
 * kernel reproduces bit for bit. Immutable: arrays are copied in and out, so packed copies that
 * fast kernels cache per instance can never go stale.
 */
public final class InvertedFlow {
    /** Each query's values in a block's work arrays start at a multiple of this (4-lane vectors). */
    public static final int LANES = 4;

    private final int dim;
    private final int steps;
    private final double[][] inverses;
    private final double[][] biases;

    /**
     * @param inverses the layers' W^-1, D x D row-major, the final layer last
     * @param biases the layers' b, D values each, same order
     * @throws IllegalArgumentException if there is no step or a shape is wrong
     */
    public InvertedFlow(double[][] inverses, double[][] biases) {
        if (inverses.length < 2 || biases.length != inverses.length) {
            throw new IllegalArgumentException("a flow needs at least one step and a final layer, and a bias for each");
        }
        this.steps = inverses.length - 1;
        this.dim = biases[steps].length;
        this.inverses = new double[steps + 1][];
        this.biases = new double[steps + 1][];
        for (int i = 0; i <= steps; i++) {
            if (inverses[i].length != dim * dim || biases[i].length != dim) {
                throw new IllegalArgumentException("flow layer " + i + " is not " + dim + "x" + dim);
            }
            this.inverses[i] = inverses[i].clone();
            this.biases[i] = biases[i].clone();
        }
    }

    /** {@return D, the values per query} */
    public int dim() {
        return dim;
    }

    /** {@return the number of steps, not counting the final layer} */
    public int steps() {
        return steps;
    }

    /** {@return the condition values per query, 2 D per step: step i's raw scales at i 2D, its shifts D later} */
    public int conditionLength() {
        return steps * 2 * dim;
    }

    /** {@return where query q's values start in a work array: D rounded up to {@link #LANES}} */
    public int stride() {
        return (dim + LANES - 1) / LANES * LANES;
    }

    /**
     * @param layer 0 .. steps (steps: the final layer)
     * @return a copy of its W^-1, D x D row-major
     */
    public double[] inverse(int layer) {
        return inverses[layer].clone();
    }

    /**
     * @param layer 0 .. steps (steps: the final layer)
     * @return a copy of its b
     */
    public double[] bias(int layer) {
        return biases[layer].clone();
    }

    /**
     * Working arrays for {@link #inverseBlock} and {@link Kernels#flowInverse} on up to {@code count}
     * queries: 2 D rows of {@code count} values for the reference, which holds the block a row per
     * value (queries innermost); the first two rows hold {@code count * stride()} values, for fast
     * kernels that hold it a query at a time (each query's values from a multiple of
     * {@link #LANES}).
     *
     * @param count queries per block
     * @return the rows
     */
    public double[][] blockWork(int count) {
        double[][] work = new double[2 * dim][];
        for (int r = 0; r < work.length; r++) {
            work[r] = new double[r < 2 ? count * stride() : count];
        }
        return work;
    }

    /**
     * Checks the arguments of a block (shared by every kernel).
     *
     * @param count queries
     * @param theta conditions, count x conditionLength()
     * @param scales their scales, same layout
     * @param x the output, count x D
     * @param work from {@link #blockWork} for at least {@code count} queries
     * @throws IllegalArgumentException if an array is too short
     */
    public void requireBlock(int count, float[] theta, float[] scales, double[] x, double[][] work) {
        boolean fits = work.length >= 2 * dim;
        for (int r = 0; fits && r < 2 * dim; r++) {
            fits = work[r].length >= (r < 2 ? (long) count * stride() : count);
        }
        if (!fits) {
            throw new IllegalArgumentException("the flow's block work is too small for " + count
                    + " queries: use blockWork(" + count + ")");
        }
        long conditions = (long) count * conditionLength();
        if (theta.length < conditions || scales.length < conditions || x.length < (long) count * dim) {
            throw new IllegalArgumentException("the flow's block arrays are too short for " + count + " queries");
        }
    }

    /**
     * The sampling direction for {@code count} queries, the reference arithmetic: row q of
     * {@code z} (count x D, or null for the zero latent) to row q of {@code x} (count x D) as
     * {@code v = W^-1 (v - b)} layer by layer from the final one, with step i's
     * {@code v = (v - shift) / scale} before its layer; the shifts from row q of {@code theta} and
     * the scales at the same places of {@code scales} ({@link Kernels#flowScales}). Each product's
     * sum starts from 0 and adds the rounded terms in column order (no fused multiply-add), so a
     * kernel that vectorises across a query's values or across queries gives the same bits, and a
     * query's result does not depend on its block. Here the block is held as D rows of
     * {@code count} values and each product runs along the rows, four matrix columns a pass:
     * loops over one index of separate arrays, which C2 vectorises (one flat array with two
     * offsets it did not: 8.2-8.9 us per query of the 27-value flow against 1.4-2.1).
     *
     * @param count queries
     * @param z latents, count x D, or null for zero
     * @param theta conditions, count x conditionLength()
     * @param scales the conditions' scales, same layout
     * @param x receives the data, count x D
     * @param work from {@link #blockWork} for at least {@code count} queries
     */
    public void inverseBlock(int count, double[] z, float[] theta, float[] scales, double[] x, double[][] work) {
        requireBlock(count, theta, scales, x, work);
        int len = conditionLength();
        // work: rows 0 .. D the product's input (a), rows D .. 2D its output (b)
        for (int d = 0; d < dim; d++) {
            double bias = biases[steps][d];
            double[] row = work[d];
            for (int q = 0; q < count; q++) {
                row[q] = (z == null ? 0.0 : z[q * dim + d]) - bias;
            }
        }
        multiplyRows(inverses[steps], work, count);
        for (int i = steps - 1; i >= 0; i--) {
            int p = i * 2 * dim;
            for (int d = 0; d < dim; d++) {
                double bias = biases[i][d];
                double[] ad = work[d];
                double[] bd = work[dim + d];
                for (int q = 0, t = p + d; q < count; q++, t += len) {
                    ad[q] = (bd[q] - theta[t + dim]) / scales[t] - bias;
                }
            }
            multiplyRows(inverses[i], work, count);
        }
        for (int d = 0; d < dim; d++) {
            double[] row = work[dim + d];
            for (int q = 0; q < count; q++) {
                x[q * dim + d] = row[q];
            }
        }
    }

    /**
     * {@code work[D + row][q] = sum_c m[row][c] work[c][q]} for q below count, the sum from 0 in c
     * order (four terms a pass: the same roundings as one at a time).
     */
    private void multiplyRows(double[] m, double[][] work, int count) {
        for (int row = 0; row < dim; row++) {
            double[] dst = work[dim + row];
            java.util.Arrays.fill(dst, 0, count, 0.0);
            int w = row * dim;
            int c = 0;
            for (; c + 4 <= dim; c += 4) {
                double w0 = m[w + c];
                double w1 = m[w + c + 1];
                double w2 = m[w + c + 2];
                double w3 = m[w + c + 3];
                double[] s0 = work[c];
                double[] s1 = work[c + 1];
                double[] s2 = work[c + 2];
                double[] s3 = work[c + 3];
                for (int q = 0; q < count; q++) {
                    dst[q] = (((dst[q] + w0 * s0[q]) + w1 * s1[q]) + w2 * s2[q]) + w3 * s3[q];
                }
            }
            for (; c < dim; c++) {
                double wc = m[w + c];
                double[] src = work[c];
                for (int q = 0; q < count; q++) {
                    dst[q] += wc * src[q];
                }
            }
        }
    }
}
