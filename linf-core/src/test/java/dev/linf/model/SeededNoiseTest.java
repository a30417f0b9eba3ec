package dev.linf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class SeededNoiseTest {
    @Test
    void drawsDependOnlyOnSeedAndPosition() {
        float[] a = new float[3];
        float[] b = new float[3];
        new SeededNoise(5).draw(17, 4, a, 0, 3);
        new SeededNoise(5).draw(17, 4, b, 0, 3);
        assertArrayEquals(a, b);
        new SeededNoise(6).draw(17, 4, b, 0, 3);
        assertNotEquals(a[0], b[0]);
        new SeededNoise(5).draw(4, 17, b, 0, 3);
        assertNotEquals(a[0], b[0]);
    }

    @Test
    void momentsAreThoseOfAStandardNormal() {
        SeededNoise n = new SeededNoise(42);
        float[] v = new float[3];
        double sum = 0;
        double sq = 0;
        int count = 0;
        for (int row = 0; row < 200; row++) {
            for (int col = 0; col < 200; col++) {
                n.draw(row, col, v, 0, 3);
                for (float x : v) {
                    sum += x;
                    sq += x * x;
                    count++;
                }
            }
        }
        // 120,000 draws: the standard errors are 0.003 (mean) and 0.004 (variance).
        assertEquals(0, sum / count, 0.015);
        assertEquals(1, sq / count - (sum / count) * (sum / count), 0.02);
    }

    /** 40,000 draws of one dimension over a 200 x 200 grid, row-major. */
    private static double[] grid(long seed, int dimension) {
        SeededNoise n = new SeededNoise(seed);
        float[] v = new float[3];
        double[] out = new double[200 * 200];
        for (int row = 0; row < 200; row++) {
            for (int col = 0; col < 200; col++) {
                n.draw(row, col, v, 0, 3);
                out[row * 200 + col] = v[dimension];
            }
        }
        return out;
    }

    @Test
    void kolmogorovSmirnovDoesNotRejectTheStandardNormal() {
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        for (int d = 0; d < 3; d++) {
            double p = ks.kolmogorovSmirnovTest(normal, grid(7, d));
            assertTrue(p > 1e-3, "dimension " + d + ": KS p-value " + p);
        }
        // The test has power: a slightly scaled normal (sd 1.05) is rejected on the same sample size.
        double[] scaled = grid(7, 0);
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 1.05;
        }
        assertTrue(ks.kolmogorovSmirnovTest(normal, scaled) < 1e-3, "KS must reject sd 1.05");
    }

    @Test
    void higherMomentsAreThoseOfAStandardNormal() {
        DescriptiveStatistics s = new DescriptiveStatistics(grid(3, 1));
        // n = 40,000: standard errors 0.012 (skewness) and 0.024 (excess kurtosis).
        assertEquals(0, s.getSkewness(), 0.06);
        assertEquals(0, s.getKurtosis(), 0.12);
    }

    @Test
    void neighbouringDrawsAreUncorrelated() {
        PearsonsCorrelation pearson = new PearsonsCorrelation();
        double[] d0 = grid(11, 0);
        double[] d1 = grid(11, 1);
        double[] d2 = grid(11, 2);
        double[] right = new double[199 * 200];
        double[] left = new double[199 * 200];
        double[] below = new double[199 * 200];
        double[] above = new double[199 * 200];
        int k = 0;
        for (int row = 0; row < 200; row++) {
            for (int col = 0; col < 199; col++, k++) {
                left[k] = d0[row * 200 + col];
                right[k] = d0[row * 200 + col + 1];
                above[k] = d0[col * 200 + row];
                below[k] = d0[(col + 1) * 200 + row];
            }
        }
        // Standard error of a correlation of independent samples: 1/sqrt(n) = 0.005; allow 5 of them.
        assertEquals(0, pearson.correlation(left, right), 0.025, "horizontal neighbours");
        assertEquals(0, pearson.correlation(above, below), 0.025, "vertical neighbours");
        assertEquals(0, pearson.correlation(d0, d1), 0.025, "dimensions 0 and 1");
        assertEquals(0, pearson.correlation(d1, d2), 0.025, "dimensions 1 and 2");
        assertEquals(0, pearson.correlation(d0, grid(12, 0)), 0.025, "seeds 11 and 12");
    }
}
