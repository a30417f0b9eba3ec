package dev.linf.flow;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests of the flow (QuickTheories, fixed seed, shrinking): over random dimensions
 * D, step counts, matrices of controlled condition number, conditions and inputs, the flow is
 * invertible, its log-determinant is the Jacobian's, its log-likelihood is the change of variables
 * and its float32 path agrees with the double one, each within a bound that grows with how much
 * the flow can amplify.
 */
class FlowPropertiesTest {
    private static final long SEED = 20261126L;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /** A random case: the flow, one condition vector, a data point and a latent. */
    record Case(ConditionalFlow flow, float[] theta, double[] x, double[] z, double cond, double gain) {
        @Override
        public String toString() {
            return "D=" + flow.dim() + " steps=" + flow.steps() + " cond=" + cond;
        }
    }

    /** A D x D matrix U diag(s) V^T, U and V random orthogonal, singular values from 1 down to 1/cond. */
    private static float[] matrix(Random r, int d, double cond) {
        DMatrixRMaj u = orthogonal(r, d);
        DMatrixRMaj v = orthogonal(r, d);
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            s.set(i, i, d == 1 ? 1 / Math.sqrt(cond) : Math.pow(cond, -i / (double) (d - 1)));
        }
        DMatrixRMaj us = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(u, s, us);
        CommonOps_DDRM.multTransB(us, v, m);
        float[] f = new float[d * d];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) m.data[i];
        }
        return f;
    }

    private static DMatrixRMaj orthogonal(Random r, int d) {
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        for (int i = 0; i < g.data.length; i++) {
            g.data[i] = r.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(d, d);
        qr.decompose(g);
        return qr.getQ(null, false);
    }

    private static Case make(int d, int steps, double cond, long seed) {
        Random r = new Random(seed);
        List<ConditionalFlow.Linear> layers = new ArrayList<>();
        for (int i = 0; i <= steps; i++) {
            float[] b = new float[d];
            for (int j = 0; j < d; j++) {
                b[j] = (float) (r.nextGaussian() * 0.1);
            }
            layers.add(new ConditionalFlow.Linear(matrix(r, d, cond), b));
        }
        ConditionalFlow f = new ConditionalFlow(layers.subList(0, steps), layers.get(steps));
        float[] theta = new float[f.conditionLength()];
        double minScale = 1;
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < d; j++) {
                theta[i * 2 * d + j] = (float) (r.nextDouble() * 6 - 4); // scales from 0.12 to 0.9
                theta[i * 2 * d + d + j] = (float) (r.nextGaussian() * 0.5);
                minScale = Math.min(minScale, ConditionalFlow.scale(theta[i * 2 * d + j]));
            }
        }
        double[] x = new double[d];
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = r.nextGaussian() * 0.5;
            z[j] = r.nextGaussian();
        }
        // Worst amplification of either direction: every matrix (cond each way when normalised) and scale.
        double gain = Math.pow(Math.sqrt(cond) * cond, steps + 1) / Math.pow(minScale, steps);
        return new Case(f, theta, x, z, cond, gain);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    @Test
    void inverseUndoesForwardAndForwardUndoesInverse() {
        qt().withFixedSeed(SEED).withExamples(300)
                .forAll(integers().between(1, 6), integers().between(1, 10), doubles().between(1, 1000), longs().all())
                .checkAssert((d, steps, cond, seed) -> {
                    Case c = make(d, steps, cond, seed);
                    double[] z = new double[d];
                    double[] back = new double[d];
                    c.flow().forward(c.x(), c.theta(), 0, z);
                    c.flow().inverse(z, c.theta(), 0, back);
                    double bound = 1e-15 * c.gain() * (1 + maxAbs(c.x()) + maxAbs(z));
                    check(maxDiff(back, c.x()) <= bound, c + ": inverse(forward(x)) off by " + maxDiff(back, c.x())
                            + " > " + bound);
                    double[] x = new double[d];
                    c.flow().inverse(c.z(), c.theta(), 0, x);
                    c.flow().forward(x, c.theta(), 0, back);
                    bound = 1e-15 * c.gain() * (1 + maxAbs(c.z()) + maxAbs(x));
                    check(maxDiff(back, c.z()) <= bound, c + ": forward(inverse(z)) off by " + maxDiff(back, c.z())
                            + " > " + bound);
                });
    }

    /** log|det J| against the log-determinant of a central-difference Jacobian, in double (up to 6 steps, cond 30). */
    @Test
    void logDetIsTheJacobiansLogDeterminant() {
        qt().withFixedSeed(SEED).withExamples(150)
                .forAll(integers().between(1, 5), integers().between(1, 6), doubles().between(1, 30), longs().all())
                .checkAssert((d, steps, cond, seed) -> {
                    Case c = make(d, steps, cond, seed);
                    double logDet = c.flow().forward(c.x(), c.theta(), 0, new double[d]);
                    DMatrixRMaj jac = new DMatrixRMaj(d, d);
                    // For a fixed condition the flow is affine in x, so central differences have no
                    // truncation error and a wide step keeps the round-off small.
                    double h = 1e-2;
                    for (int j = 0; j < d; j++) {
                        double[] xp = c.x().clone();
                        double[] xm = c.x().clone();
                        xp[j] += h;
                        xm[j] -= h;
                        double[] zp = new double[d];
                        double[] zm = new double[d];
                        c.flow().forward(xp, c.theta(), 0, zp);
                        c.flow().forward(xm, c.theta(), 0, zm);
                        for (int i = 0; i < d; i++) {
                            jac.set(i, j, (zp[i] - zm[i]) / (2 * h));
                        }
                    }
                    double fd = Math.log(Math.abs(CommonOps_DDRM.det(jac)));
                    // The differences lose digits in proportion to J's conditioning (up to cond^(steps+1)).
                    double bound = 1e-9 + 1e-10 * Math.pow(cond, steps + 1);
                    check(Math.abs(fd - logDet) <= bound,
                            c + ": log|det J| " + logDet + " vs finite differences " + fd + ", bound " + bound);
                });
    }

    /** The log-likelihood against an independent change of variables: log N(z; 0, I) + log|det J|. */
    @Test
    void logLikelihoodIsTheChangeOfVariables() {
        qt().withFixedSeed(SEED).withExamples(200)
                .forAll(integers().between(1, 27), integers().between(1, 10), doubles().between(1, 100), longs().all())
                .checkAssert((d, steps, cond, seed) -> {
                    Case c = make(d, steps, cond, seed);
                    double[] z = new double[d];
                    double logDet = c.flow().forward(c.x(), c.theta(), 0, z);
                    // log|det J| from the parts: sum of the layers' log|det W| and the log scales.
                    double parts = 0;
                    for (int i = 0; i <= steps; i++) {
                        parts += c.flow().logAbsDet(i);
                    }
                    for (int i = 0; i < steps; i++) {
                        for (int j = 0; j < d; j++) {
                            parts += Math.log(ConditionalFlow.scale(c.theta()[i * 2 * d + j]));
                        }
                    }
                    double expected = parts;
                    for (double v : z) {
                        expected += -0.5 * v * v - HALF_LOG_2PI;
                    }
                    double got = c.flow().logLikelihood(c.x(), c.theta(), 0);
                    check(Math.abs(got - expected) <= 1e-9 * (1 + Math.abs(expected)),
                            c + ": log p " + got + " vs change of variables " + expected);
                    check(Math.abs(logDet - parts) <= 1e-9 * (1 + Math.abs(parts)), c + ": log|det J| " + logDet);
                });
    }

    /** The float32 path follows the double one within float rounding times the flow's gain. */
    @Test
    void floatPathAgreesWithDoublePath() {
        qt().withFixedSeed(SEED).withExamples(300)
                .forAll(integers().between(1, 6), integers().between(1, 10), doubles().between(1, 100), longs().all())
                .checkAssert((d, steps, cond, seed) -> {
                    Case c = make(d, steps, cond, seed);
                    float[] zf = new float[d];
                    float[] xf = new float[d];
                    double[] x = new double[d];
                    for (int j = 0; j < d; j++) {
                        zf[j] = (float) c.z()[j];
                    }
                    double[] z = new double[d];
                    for (int j = 0; j < d; j++) {
                        z[j] = zf[j];
                    }
                    c.flow().inverse(z, c.theta(), 0, x);
                    c.flow().inverseFloat(zf, c.theta(), 0, xf);
                    double[] xd = new double[d];
                    for (int j = 0; j < d; j++) {
                        xd[j] = xf[j];
                    }
                    double bound = 4 * d * (steps + 1) * 6e-8 * c.gain() * (1 + maxAbs(z) + maxAbs(x));
                    check(maxDiff(xd, x) <= bound, c + ": float inverse off by " + maxDiff(xd, x) + " > " + bound);
                    float[] xs = new float[d];
                    for (int j = 0; j < d; j++) {
                        xs[j] = (float) c.x()[j];
                    }
                    double lpd = c.flow().logLikelihood(toDouble(xs), c.theta(), 0);
                    float lpf = c.flow().logLikelihoodFloat(xs, c.theta(), 0);
                    double lpBound = 1e-5 * (1 + Math.abs(lpd)) + 8 * d * steps * 6e-8 * c.gain();
                    check(Math.abs(lpf - lpd) <= lpBound, c + ": float log p " + lpf + " vs double " + lpd);
                });
    }
}
