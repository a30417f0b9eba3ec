package dev.linf.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The flow's two directions against each other and against independent computations. */
class ConditionalFlowTest {

    static ConditionalFlow randomFlow(int dim, int steps, Random r) {
        List<ConditionalFlow.Linear> layers = randomLayers(dim, steps, r);
        return new ConditionalFlow(layers.subList(0, steps), layers.get(steps));
    }

    /** steps + 1 layers: identity plus noise of spectral norm ~0.5, so condition numbers stay small for every D. */
    static List<ConditionalFlow.Linear> randomLayers(int dim, int steps, Random r) {
        List<ConditionalFlow.Linear> layers = new ArrayList<>();
        for (int i = 0; i <= steps; i++) {
            float[] w = new float[dim * dim];
            for (int j = 0; j < w.length; j++) {
                // identity plus noise of spectral norm ~0.5: condition numbers stay small for every D
                w[j] = (float) (r.nextGaussian() * 0.25 / Math.sqrt(dim) + (j % (dim + 1) == 0 ? 1 : 0));
            }
            float[] b = new float[dim];
            for (int j = 0; j < dim; j++) {
                b[j] = (float) r.nextGaussian() * 0.1f;
            }
            layers.add(new ConditionalFlow.Linear(w, b));
        }
        return layers;
    }

    static float[] randomCondition(ConditionalFlow f, Random r) {
        float[] theta = new float[f.conditionLength()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) r.nextGaussian();
        }
        return theta;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 27})
    void inverseUndoesForward(int dim) {
        Random r = new Random(dim);
        ConditionalFlow f = randomFlow(dim, 10, r);
        for (int trial = 0; trial < 20; trial++) {
            float[] theta = randomCondition(f, r);
            double[] x = new double[dim];
            for (int d = 0; d < dim; d++) {
                x[d] = r.nextGaussian();
            }
            double[] z = new double[dim];
            f.forward(x, theta, 0, z);
            double[] back = new double[dim];
            f.inverse(z, theta, 0, back);
            for (int d = 0; d < dim; d++) {
                assertEquals(x[d], back[d], 1e-8 * (1 + Math.abs(x[d])), "dim " + d);
            }
        }
    }

    @Test
    void logDetMatchesAFiniteDifferenceJacobian() {
        Random r = new Random(7);
        ConditionalFlow f = randomFlow(3, 10, r);
        float[] theta = randomCondition(f, r);
        double[] x = {0.3, -0.2, 0.7};
        double[] z = new double[3];
        double logDet = f.forward(x, theta, 0, z);
        DMatrixRMaj jac = new DMatrixRMaj(3, 3);
        double h = 1e-6;
        for (int c = 0; c < 3; c++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[c] += h;
            xm[c] -= h;
            double[] zp = new double[3];
            double[] zm = new double[3];
            f.forward(xp, theta, 0, zp);
            f.forward(xm, theta, 0, zm);
            for (int row = 0; row < 3; row++) {
                jac.set(row, c, (zp[row] - zm[row]) / (2 * h));
            }
        }
        assertEquals(Math.log(Math.abs(CommonOps_DDRM.det(jac))), logDet, 1e-6);
    }

    @Test
    void logLikelihoodIsNormalDensityPlusLogDet() {
        Random r = new Random(11);
        ConditionalFlow f = randomFlow(3, 4, r);
        float[] theta = randomCondition(f, r);
        double[] x = {0.1, 0.2, -0.3};
        double[] z = new double[3];
        double logDet = f.forward(x, theta, 0, z);
        double expected = logDet;
        for (double v : z) {
            expected += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
        }
        assertEquals(expected, f.logLikelihood(x, theta, 0), 1e-12);
    }

    @Test
    void identityFlowWithZeroShiftIsAPureScaling() {
        // W = I, b = 0, raw scale 0: every step multiplies by s = sigmoid(2) + 1e-4.
        float[] eye = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        ConditionalFlow.Linear id = new ConditionalFlow.Linear(eye, new float[3]);
        ConditionalFlow f = new ConditionalFlow(List.of(id, id), id);
        double s = ConditionalFlow.scale(0);
        assertEquals(1 / (1 + Math.exp(-2)) + 1e-4, s, 1e-7);
        double[] z = new double[3];
        double logDet = f.forward(new double[] {1, 2, 3}, new float[12], 0, z);
        assertEquals(s * s * 3, z[2], 1e-12);
        assertEquals(6 * Math.log(s), logDet, 1e-12);
    }

    /**
     * A block of queries (held as rows, four matrix columns a pass) gives each query the bits of the
     * plain per-query sampling direction written here from the layers: {@code W^-1 (v - b)} with each
     * sum from 0 in column order, between the steps {@code (v - shift) / scale}. Dimensions around
     * the pass of four, block sizes from 1 past the runner's 72, zero and drawn latents.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 5, 8, 27})
    void aBlockGivesEachQueryThePlainInversesBits(int dim) {
        Random r = new Random(100 + dim);
        int steps = 4;
        List<ConditionalFlow.Linear> layers = randomLayers(dim, steps, r);
        ConditionalFlow f = new ConditionalFlow(layers.subList(0, steps), layers.get(steps));
        int len = f.conditionLength();
        for (int count : new int[] {1, 2, 7, 72, 73}) {
            float[] theta = new float[count * len];
            float[] scales = new float[count * len];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = (float) r.nextGaussian();
                scales[i] = ConditionalFlow.scale(theta[i]);
            }
            double[] z = new double[count * dim];
            for (int i = 0; i < z.length; i++) {
                z[i] = r.nextGaussian();
            }
            for (double[] latent : new double[][] {null, z}) {
                double[] x = new double[count * dim];
                f.inverseBlock(count, latent, theta, scales, x, f.blockWork(count + 3));
                for (int q = 0; q < count; q++) {
                    double[] v = new double[dim];
                    for (int d = 0; d < dim; d++) {
                        v[d] = latent == null ? 0.0 : latent[q * dim + d];
                    }
                    for (int i = steps; i >= 0; i--) {
                        if (i < steps) {
                            for (int d = 0; d < dim; d++) {
                                int t = q * len + i * 2 * dim + d;
                                v[d] = (v[d] - theta[t + dim]) / scales[t];
                            }
                        }
                        v = plainInverse(layers.get(i), v);
                    }
                    for (int d = 0; d < dim; d++) {
                        assertEquals(v[d], x[q * dim + d], 0.0, "count " + count + " query " + q + " value " + d);
                    }
                }
            }
        }
    }

    /** {@code W^-1 (v - b)}, W^-1 by EJML in double from the stored floats, each sum from 0 in column order. */
    private static double[] plainInverse(ConditionalFlow.Linear layer, double[] v) {
        int dim = v.length;
        DMatrixRMaj w = new DMatrixRMaj(dim, dim);
        for (int j = 0; j < dim * dim; j++) {
            w.data[j] = layer.weight()[j];
        }
        DMatrixRMaj inv = new DMatrixRMaj(dim, dim);
        CommonOps_DDRM.invert(w, inv);
        double[] in = new double[dim];
        for (int d = 0; d < dim; d++) {
            in[d] = v[d] - (double) layer.bias()[d];
        }
        double[] out = new double[dim];
        for (int row = 0; row < dim; row++) {
            double sum = 0.0;
            for (int c = 0; c < dim; c++) {
                sum += inv.data[row * dim + c] * in[c];
            }
            out[row] = sum;
        }
        return out;
    }

    @Test
    void blockWorkTooSmallIsRefused() {
        ConditionalFlow f = randomFlow(3, 2, new Random(5));
        float[] theta = new float[4 * f.conditionLength()];
        java.util.Arrays.fill(theta, 1f);
        double[] x = new double[12];
        assertThrows(IllegalArgumentException.class,
                () -> f.inverseBlock(4, null, theta, theta, x, new double[5][4]));
        assertThrows(IllegalArgumentException.class,
                () -> f.inverseBlock(4, null, theta, theta, x, f.blockWork(3)));
    }

    @Test
    void singularMatricesAreRefused() {
        ConditionalFlow.Linear zero = new ConditionalFlow.Linear(new float[9], new float[3]);
        ConditionalFlow.Linear eye = new ConditionalFlow.Linear(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new float[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConditionalFlow(List.of(eye, zero), eye));
        assertEquals("flow step 1 has a singular matrix", e.getMessage());
    }
}
