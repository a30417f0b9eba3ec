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

    /** One dense layer {@code y = W x + b} of the flow, as stored: W is (D, D) row-major. */
    public record Linear(float[] weight, float[] bias) {
    }

    /**
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
        for (int i = 0; i <= steps; i++) {
            Linear l = i < steps ? stepLayers.get(i) : last;
            String name = i < steps ? "flow step " + i : "final flow layer";
            if (l.bias().length != dim || l.weight().length != dim * dim) {
                throw new IllegalArgumentException(name + " is not " + dim + "x" + dim);
            }
            DMatrixRMaj w = new DMatrixRMaj(dim, dim);
            for (int j = 0; j < dim * dim; j++) {
                w.data[j] = l.weight()[j];
            }
            double det = CommonOps_DDRM.det(w);
            DMatrixRMaj inv = new DMatrixRMaj(dim, dim);
            if (!Double.isFinite(det) || det == 0 || !CommonOps_DDRM.invert(w, inv)) {
                throw new IllegalArgumentException(name + " has a singular matrix");
            }
            weights[i] = w.data.clone();
            inverses[i] = inv.data.clone();
            biases[i] = toDouble(l.bias());
            logAbsDets[i] = Math.log(Math.abs(det));
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** Dimension D of the modelled vector (3, or 27 for 3x3 patches). */
    public int dim() {
        return dim;
    }

    public int steps() {
        return steps;
    }

    /** Number of conditional parameters per query: {@code steps * 2D}. */
    public int conditionLength() {
        return steps * 2 * dim;
    }

    public long parameterCount() {
        return (long) (steps + 1) * (dim * dim + dim);
    }

    /** log|det W| of the dense layer {@code i} (i == steps() is the final layer). */
    public double logAbsDet(int i) {
        return logAbsDets[i];
    }

    /** The conditional scale {@code sigmoid(raw + 2) + 1e-4}. */
    public static double scale(double raw) {
        return 1.0 / (1.0 + Math.exp(-(raw + 2.0))) + SCALE_EPS;
    }

    /**
     * Sampling direction: maps the latent {@code z} to the data {@code x} under the condition
     * {@code theta[off ..]} ({@link #conditionLength()} values). {@code z} and {@code x} may alias.
     */
    public void inverse(double[] z, float[] theta, int off, double[] x) {
        double[] t = new double[dim];
        affineInverseLinear(steps, z, t);
        for (int i = steps - 1; i >= 0; i--) {
            int p = off + i * 2 * dim;
            for (int d = 0; d < dim; d++) {
                t[d] = (t[d] - theta[p + dim + d]) / scale(theta[p + d]);
            }
            affineInverseLinear(i, t, t);
        }
        System.arraycopy(t, 0, x, 0, dim);
    }

    /** {@code out = W_i^-1 (in - b_i)}; in and out may alias. */
    private void affineInverseLinear(int i, double[] in, double[] out) {
        double[] centred = new double[dim];
        for (int d = 0; d < dim; d++) {
            centred[d] = in[d] - biases[i][d];
        }
        multiply(inverses[i], centred, out);
    }

    /**
     * Density direction: maps data {@code x} to latent {@code z} (written to {@code z}) and returns
     * the log-determinant of the Jacobian, log|det dz/dx|.
     */
    public double forward(double[] x, float[] theta, int off, double[] z) {
        double[] t = x.clone();
        double logDet = 0;
        for (int i = 0; i < steps; i++) {
            linear(i, t);
            logDet += logAbsDets[i];
            int p = off + i * 2 * dim;
            for (int d = 0; d < dim; d++) {
                double s = scale(theta[p + d]);
                t[d] = t[d] * s + theta[p + dim + d];
                logDet += Math.log(s);
            }
        }
        linear(steps, t);
        logDet += logAbsDets[steps];
        System.arraycopy(t, 0, z, 0, dim);
        return logDet;
    }

    /** Natural-log density of {@code x} under the condition: log N(z; 0, I) + log|det J|. */
    public double logLikelihood(double[] x, float[] theta, int off) {
        double[] z = new double[dim];
        double logDet = forward(x, theta, off, z);
        double logp = logDet;
        for (int d = 0; d < dim; d++) {
            logp += -0.5 * z[d] * z[d] - HALF_LOG_2PI;
        }
        return logp;
    }

    /** {@code v = W_i v + b_i} in place. */
    private void linear(int i, double[] v) {
        double[] out = new double[dim];
        multiply(weights[i], v, out);
        for (int d = 0; d < dim; d++) {
            v[d] = out[d] + biases[i][d];
        }
    }

    private void multiply(double[] m, double[] v, double[] out) {
        double[] r = new double[dim];
        for (int row = 0; row < dim; row++) {
            double s = 0;
            for (int c = 0; c < dim; c++) {
                s += m[row * dim + c] * v[c];
            }
            r[row] = s;
        }
        System.arraycopy(r, 0, out, 0, dim);
    }
}
