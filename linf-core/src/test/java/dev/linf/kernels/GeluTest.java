package dev.linf.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** The table-driven erf against an independent implementation and against its own slow reference. */
class GeluTest {
    @Test
    void erfMatchesCommonsMathAndTheSlowReference() {
        Random r = new Random(11);
        double worstUlps = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = (r.nextDouble() * 2 - 1) * (i % 2 == 0 ? 7 : 1.5);
            double fast = Gelu.erf(x);
            assertEquals(Erf.erf(x), fast, 2e-15, "x = " + x); // Commons Math itself is good to ~1e-15
            double ref = Gelu.reference(x);
            assertEquals(Erf.erf(x), ref, 2e-15, "reference, x = " + x);
            worstUlps = Math.max(worstUlps, Math.abs(fast - ref) / Math.ulp(ref == 0 ? Double.MIN_NORMAL : ref));
        }
        assertTrue(worstUlps <= 8, "worst difference to the series/continued fraction: " + worstUlps + " ulps");
        assertEquals(0.0, Gelu.erf(0.0));
        assertEquals(1.0, Gelu.erf(6.5));
        assertEquals(-1.0, Gelu.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Gelu.erf(Double.NaN)));
        // points on the expansion grid and half-way between them (the largest |h|)
        for (int k = 0; k <= 2 * 6 * 64; k++) {
            double x = k / 128.0;
            assertEquals(Gelu.reference(x), Gelu.erf(x), 8 * Math.ulp(Gelu.reference(x)), "x = " + x);
        }
    }

    @Test
    void geluInFloat32AgreesWithTheSlowReferenceEverywhereItMatters() {
        Random r = new Random(5);
        int differing = 0;
        for (int i = 0; i < 1_000_000; i++) {
            float x = (float) ((r.nextDouble() * 2 - 1) * 8);
            float expected = (float) (x * 0.5 * (1 + Gelu.reference(x / Math.sqrt(2))));
            float actual = Gelu.apply(x);
            if (expected != actual) {
                differing += Math.abs(x) < 5 ? 1 : 0;
                // a rounding tie at most; below -5, 1 + erf cancels to ~1e-12 in any double evaluation
                // (PyTorch's float erf gives 0 there)
                assertEquals(expected, actual, Math.max(Math.ulp(expected), 1e-12), "x = " + x);
            }
        }
        assertTrue(differing < 20, differing + " of 1e6 float results in (-5, 5) differ by an ulp");
    }
}
