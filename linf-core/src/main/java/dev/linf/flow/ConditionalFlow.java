package dev.linf.flow;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * LINF's per-query normalizing flow (spec section 5): {@code steps} x [dense D x D linear layer,
 * conditional element-wise affine] followed by one more dense layer. The affine parameters come
 * from the MLP: for step i the condition holds {@code [scale_raw (D) | shift (D)]} at
 * {@code i * 2D}, and the scale is {@code sigmoid(scale_raw + 2) + 1e-4}.
 *
 * <p>Everything here runs in double: the official inverse uses 11 LU solves in float32, which
 * amplify round-off badly when the matrices are ill-conditioned. Each inverse and log|det| is
 * computed once, at construction. Instances are immutable and thread-safe.
 */
public final class ConditionalFlow {
    /** The additive floor of the conditional scale. */
    public static final double SCALE_EPS = 1e-4;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final int dim;
    private final int steps;
    /** steps + 1 matrices, the last one being the final layer; row-major D x D. */
    private final double[][] weights;
    private final double[][] inverses;
    private final double[][] biases;
    private final double[] logAbsDets;
    /** float32 copies for the float path: W as stored, and W^-1 (computed in double) rounded. */
    private final float[][] weightsF;
    private final float[][] inversesF;
    private final float[][] biasesF;

    /**
     * One dense layer {@code y = W x + b} of the flow, as stored: W is (D, D) row-major.
     *
     * @param weight W, D x D row-major
     * @param bias b, D values
     */
    public record Linear(float[] weight, float[] bias) {
        /** Copies the arrays. */
        public Linear {
            weight = weight.clone();
            bias = bias.clone();
        }

        /** {@return a copy of W} */
        @Override
        public float[] weight() {
            return weight.clone();
        }

        /** {@return a copy of b} */
        @Override
        public float[] bias() {
            return bias.clone();
        }
    }

    /**
     * A flow from its dense layers, as the checkpoint stores them.
     *
     * @param stepLayers the dense layers of the steps ({@code imnet.linears.i})
     * @param last the final dense layer ({@code imnet.last})
     * @throws IllegalArgumentException if a shape is wrong or a matrix is singular
     */
    public ConditionalFlow(List<Linear> stepLayers, Linear last) {
        if (stepLayers.isEmpty()) {
            throw new IllegalArgumentException("the flow needs at least one step");
        }
        this.dim = last.bias().length;
        this.steps = stepLayers.size();
        this.weights = new double[steps + 1][];
        this.inverses = new double[steps + 1][];
        this.biases = new double[steps + 1][];
        this.logAbsDets = new double[steps + 1];
        this.weightsF = new float[steps + 1][];
        this.inversesF = new float[steps + 1][];
        this.biasesF = new float[steps + 1][];
        for (int i = 0; i <= steps; i++) {
            Linear l = i < steps ? stepLayers.get(i) : last;
            float[] weight = l.weight();
            float[] bias = l.bias();
            String name = i < steps ? "flow step " + i : "final flow layer";
            if (bias.length != dim || weight.length != dim * dim) {
                throw new IllegalArgumentException(name + " is not " + dim + "x" + dim);
            }
            DMatrixRMaj w = new DMatrixRMaj(dim, dim);
            for (int j = 0; j < dim * dim; j++) {
                w.data[j] = weight[j];
            }
            double det = CommonOps_DDRM.det(w);
            DMatrixRMaj inv = new DMatrixRMaj(dim, dim);
            if (!Double.isFinite(det) || det == 0 || !CommonOps_DDRM.invert(w, inv)) {
                throw new IllegalArgumentException(name + " has a singular matrix");
            }
            weights[i] = w.data.clone();
            inverses[i] = inv.data.clone();
            biases[i] = toDouble(bias);
            logAbsDets[i] = Math.log(Math.abs(det));
            weightsF[i] = weight;
            inversesF[i] = toFloat(inverses[i]);
            biasesF[i] = bias;
        }
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /**
     * Dimension D of the modelled vector (3, or 27 for 3x3 patches).
     *
     * @return the dimension D of x and z
     */
    public int dim() {
        return dim;
    }

    /**
     * The number of steps, not counting the final layer.
     *
     * @return the count
     */
    public int steps() {
        return steps;
    }

    /**
     * Number of conditional parameters per query: {@code steps * 2D}.
     *
     * @return the condition values per query, 2 D per step
     */
    public int conditionLength() {
        return steps * 2 * dim;
    }

    /**
     * The number of parameters: every matrix and bias.
     *
     * @return the count
     */
    public long parameterCount() {
        return (long) (steps + 1) * (dim * dim + dim);
    }

    /**
     * log|det W| of the dense layer {@code i} (i == steps() is the final layer).
     *
     * @param i the layer
     * @return log|det W_i|
     */
    public double logAbsDet(int i) {
        return logAbsDets[i];
    }

    /**
     * The conditional scale {@code sigmoid(raw + 2) + 1e-4}, computed in double and rounded to
     * float: the value every path (scalar or vector kernels, forward or inverse) agrees on.
     *
     * @param raw the MLP's output
     * @return the scale
     */
    public static float scale(float raw) {
        return dev.linf.kernels.Kernels.flowScale(raw);
    }

    /**
     * The scales of one condition vector: {@code scale(theta[off + i])} for i in [0, conditionLength()).
     *
     * @param theta condition values
     * @param off where the query's values start
     * @return conditionLength() scales
     */
    public float[] scales(float[] theta, int off) {
        float[] s = new float[conditionLength()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scale(theta[off + i]);
        }
        return s;
    }

    /**
     * Sampling direction: maps the latent {@code z} to the data {@code x} under the condition
     * {@code theta[off ..]} ({@link #conditionLength()} values). {@code z} and {@code x} may alias.
     *
     * @param z the latent, D values
     * @param theta condition values
     * @param off where the query's values start
     * @param x receives the data, D values
     */
    public void inverse(double[] z, float[] theta, int off, double[] x) {
        float[] thetaRow = java.util.Arrays.copyOfRange(theta, off, off + conditionLength());
        double[] out = new double[dim];
        inverseBlock(1, z, thetaRow, scales(thetaRow, 0), out, blockWork(1));
        System.arraycopy(out, 0, x, 0, dim);
    }

    /**
     * Working rows for {@link #inverseBlock} on up to {@code count} queries.
     *
     * @param count queries per block
     * @return 2 D rows of {@code count} values
     */
    public double[][] blockWork(int count) {
        return new double[2 * dim][count];
    }

    /**
     * {@link #inverse(double[], float[], int, double[])} for {@code count} queries at once, step by
     * step across the block: row q of {@code z} (count x D, or null for the zero latent) to row q of
     * {@code x} (count x D), with the shifts from row q of {@code theta} (count x
     * {@link #conditionLength()}) and the scales at the same places of {@code scales} (see
     * {@link dev.linf.kernels.Kernels#flowScales}). The block is held as D rows of {@code count}
     * values ({@code work}, from {@link #blockWork}), so each step runs along the rows, a D x D
     * product four matrix columns per pass: loops over one index of separate arrays, which C2
     * vectorises (one flat array with two offsets it did not: the patch model's 27-value flow
     * took 8.2-8.9 us per query, now 1.4-2.1). Per query, the arithmetic and its order are those
     * of a one-query call, so results do not depend on the block size.
     *
     * @param count queries
     * @param z latents, count x D, or null for zero
     * @param theta conditions, count x conditionLength()
     * @param scales the conditions' scales, same layout
     * @param x receives the data, count x D
     * @param work at least 2 D rows of at least {@code count} values
     */
    public void inverseBlock(int count, double[] z, float[] theta, float[] scales, double[] x, double[][] work) {
        if (work.length < 2 * dim) {
            throw new IllegalArgumentException("the flow's block work needs " + 2 * dim + " rows, got " + work.length);
        }
        for (int r = 0; r < 2 * dim; r++) {
            if (work[r].length < count) {
                throw new IllegalArgumentException("the flow's block work rows hold " + work[r].length + " < " + count);
            }
        }
        // work: rows 0 .. D the product's input (a), rows D .. 2D its output (b). A call per row, each
        // loop short: C2 compiles these small methods once each as they get hot, where long loops
        // here had it compile this method and the product at each loop's entry too (OSR).
        for (int d = 0; d < dim; d++) {
            startRow(d, z, work[d], count);
        }
        multiplyRows(steps, work, count);
        for (int i = steps - 1; i >= 0; i--) {
            for (int d = 0; d < dim; d++) {
                unscaleRow(i, d, theta, scales, work, count);
            }
            multiplyRows(i, work, count);
        }
        for (int d = 0; d < dim; d++) {
            storeRow(work[dim + d], d, x, count);
        }
    }

    /** Row d of the final layer's input: {@code z - b}. */
    private void startRow(int d, double[] z, double[] row, int count) {
        double bias = biases[steps][d];
        for (int q = 0; q < count; q++) {
            row[q] = (z == null ? 0.0 : z[q * dim + d]) - bias;
        }
    }

    /** Row d of layer i's input from the step's output: {@code (v - shift) / scale - b}. */
    private void unscaleRow(int i, int d, float[] theta, float[] scales, double[][] work, int count) {
        int len = conditionLength();
        double bias = biases[i][d];
        double[] ad = work[d];
        double[] bd = work[dim + d];
        for (int q = 0, t = i * 2 * dim + d; q < count; q++, t += len) {
            ad[q] = (bd[q] - theta[t + dim]) / scales[t] - bias;
        }
    }

    /** {@code work[D + row] = W_i^-1 work[0 .. D]} row by row. */
    private void multiplyRows(int i, double[][] work, int count) {
        for (int row = 0; row < dim; row++) {
            multiplyRow(inverses[i], row, work, count);
        }
    }

    /**
     * {@code work[D + row][q] = sum_c m[row][c] work[c][q]} for q below count, the sum from 0 in c
     * order (four terms a pass: the same roundings as one at a time).
     */
    private void multiplyRow(double[] m, int row, double[][] work, int count) {
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

    /** Row d of the result into column d of x (count x D). */
    private void storeRow(double[] row, int d, double[] x, int count) {
        for (int q = 0; q < count; q++) {
            x[q * dim + d] = row[q];
        }
    }

    /**
     * Density direction: maps data {@code x} to latent {@code z} (written to {@code z}) and returns
     * the log-determinant of the Jacobian, log|det dz/dx|.
     *
     * @param x the data, D values
     * @param theta condition values
     * @param off where the query's values start
     * @param z receives the latent, D values
     * @return log|det dz/dx|
     */
    public double forward(double[] x, float[] theta, int off, double[] z) {
        double[] t = x.clone();
        double logDet = 0;
        float[] scales = scales(theta, off);
        for (int i = 0; i < steps; i++) {
            linear(i, t);
            logDet += logAbsDets[i];
            int p = off + i * 2 * dim;
            for (int d = 0; d < dim; d++) {
                double s = scales[i * 2 * dim + d];
                t[d] = t[d] * s + theta[p + dim + d];
                logDet += Math.log(s);
            }
        }
        linear(steps, t);
        logDet += logAbsDets[steps];
        System.arraycopy(t, 0, z, 0, dim);
        return logDet;
    }

    /**
     * Natural-log density of {@code x} under the condition: log N(z; 0, I) + log|det J|.
     *
     * @param x the data, D values
     * @param theta condition values
     * @param off where the query's values start
     * @return log p(x | theta) in nats
     */
    public double logLikelihood(double[] x, float[] theta, int off) {
        double[] z = new double[dim];
        double logDet = forward(x, theta, off, z);
        double logp = logDet;
        for (int d = 0; d < dim; d++) {
            logp += -0.5 * z[d] * z[d] - HALF_LOG_2PI;
        }
        return logp;
    }

    /**
     * {@link #forward} for {@code count} rows: row q of {@code x} (count x D) under row q of
     * {@code theta} (count x {@link #conditionLength()}) to row q of {@code z}, with its
     * log|det dz/dx| in {@code logDets[q]}.
     *
     * @param count queries
     * @param x data, count x D
     * @param theta conditions, count x conditionLength()
     * @param z receives the latents, count x D
     * @param logDets receives log|det dz/dx| per query
     */
    public void forwardBlock(int count, double[] x, float[] theta, double[] z, double[] logDets) {
        double[] row = new double[dim];
        double[] out = new double[dim];
        for (int q = 0; q < count; q++) {
            System.arraycopy(x, q * dim, row, 0, dim);
            logDets[q] = forward(row, theta, q * conditionLength(), out);
            System.arraycopy(out, 0, z, q * dim, dim);
        }
    }

    /**
     * {@link #logLikelihood} for {@code count} rows of x (count x D) and theta: {@code out[q]}.
     *
     * @param count queries
     * @param x data, count x D
     * @param theta conditions, count x conditionLength()
     * @param out receives log p per query
     */
    public void logLikelihoodBlock(int count, double[] x, float[] theta, double[] out) {
        double[] row = new double[dim];
        for (int q = 0; q < count; q++) {
            System.arraycopy(x, q * dim, row, 0, dim);
            out[q] = logLikelihood(row, theta, q * conditionLength());
        }
    }

    /** {@code v = W_i v + b_i} in place. */
    private void linear(int i, double[] v) {
        double[] out = new double[dim];
        multiply(weights[i], v, 0, out, 0);
        for (int d = 0; d < dim; d++) {
            v[d] = out[d] + biases[i][d];
        }
    }

    /** {@code work[outOff ..] = m * work[inOff ..]} (D x D times D), the ranges disjoint. */
    private void multiply(double[] m, double[] in, int inOff, double[] out, int outOff) {
        for (int row = 0; row < dim; row++) {
            double sum = 0;
            for (int c = 0; c < dim; c++) {
                sum += m[row * dim + c] * in[inOff + c];
            }
            out[outOff + row] = sum;
        }
    }

    /**
     * Singular values of dense layer {@code i} (i == steps() is the final layer), largest first.
     *
     * @param i the layer
     * @return its singular values, largest first
     */
    public double[] singularValues(int i) {
        double[] sv = org.ejml.dense.row.SingularOps_DDRM.singularValues(
                new org.ejml.data.DMatrixRMaj(dim, dim, true, weights[i]));
        java.util.Arrays.sort(sv);
        for (int a = 0, b = sv.length - 1; a < b; a++, b--) {
            double t = sv[a];
            sv[a] = sv[b];
            sv[b] = t;
        }
        return sv;
    }

    /**
     * The sampling direction in float32 arithmetic, as the official code runs it (with each W^-1
     * computed in double and rounded, where the official code inverts in float32): for checking
     * what a float32 implementation of these weights can do. {@code z} and {@code x} may alias.
     *
     * @param z the latent, D values
     * @param theta condition values
     * @param off where the query's values start
     * @param x receives the data, D values
     */
    public void inverseFloat(float[] z, float[] theta, int off, float[] x) {
        float[] t = new float[dim];
        float[] u = new float[dim];
        for (int d = 0; d < dim; d++) {
            u[d] = z[d] - biasesF[steps][d];
        }
        multiplyFloat(inversesF[steps], u, t);
        for (int i = steps - 1; i >= 0; i--) {
            int p = off + i * 2 * dim;
            for (int d = 0; d < dim; d++) {
                u[d] = (t[d] - theta[p + dim + d]) / scale(theta[p + d]) - biasesF[i][d];
            }
            multiplyFloat(inversesF[i], u, t);
        }
        System.arraycopy(t, 0, x, 0, dim);
    }

    /**
     * The density direction in float32 arithmetic (see {@link #inverseFloat}): x to z, returning
     * log|det dz/dx| accumulated in float32 as the official code does.
     *
     * @param x the data, D values
     * @param theta condition values
     * @param off where the query's values start
     * @param z receives the latent, D values
     * @return log|det dz/dx|
     */
    public float forwardFloat(float[] x, float[] theta, int off, float[] z) {
        float[] t = new float[dim];
        float[] u = x.clone();
        float logDet = 0f;
        for (int i = 0; i < steps; i++) {
            multiplyFloat(weightsF[i], u, t);
            logDet += (float) logAbsDets[i];
            int p = off + i * 2 * dim;
            for (int d = 0; d < dim; d++) {
                float s = scale(theta[p + d]);
                u[d] = (t[d] + biasesF[i][d]) * s + theta[p + dim + d];
                logDet += (float) Math.log(s);
            }
        }
        multiplyFloat(weightsF[steps], u, t);
        logDet += (float) logAbsDets[steps];
        for (int d = 0; d < dim; d++) {
            z[d] = t[d] + biasesF[steps][d];
        }
        return logDet;
    }

    /**
     * {@link #logLikelihood} in float32 arithmetic.
     *
     * @param x the data, D values
     * @param theta condition values
     * @param off where the query's values start
     * @return log p(x | theta) in nats
     */
    public float logLikelihoodFloat(float[] x, float[] theta, int off) {
        float[] z = new float[dim];
        float logp = forwardFloat(x, theta, off, z);
        for (int d = 0; d < dim; d++) {
            logp += -0.5f * z[d] * z[d] - (float) HALF_LOG_2PI;
        }
        return logp;
    }

    private void multiplyFloat(float[] m, float[] v, float[] out) {
        for (int row = 0; row < dim; row++) {
            float sum = 0;
            for (int c = 0; c < dim; c++) {
                sum += m[row * dim + c] * v[c];
            }
            out[row] = sum;
        }
    }
}
