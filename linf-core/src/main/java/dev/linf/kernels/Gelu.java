package dev.linf.kernels;

/**
 * PyTorch's exact GELU, {@code x * 0.5 * (1 + erf(x / sqrt 2))}, with erf evaluated in double
 * (Java has no erf). SwinIR evaluates it hundreds of millions of times per image, so erf is a
 * Taylor expansion around the nearest of 385 points of [0, 6] (step 1/64, so |h| <= 1/128),
 * whose coefficients follow from the derivatives of erf, {@code d^n/dx^n erf = (2/sqrt pi)
 * (-1)^(n-1) H_(n-1)(x) exp(-x^2)} with Hermite polynomials H: a degree-9 polynomial per call,
 * within a few units in the last place of double. The expansion points' own values come, once,
 * from the Maclaurin series below 1.5 and from erfc's continued fraction above; beyond 6, erf is
 * 1 in double. (The series alone, used before, loses up to 2.5 digits to cancellation near 3.)
 */
final class Gelu {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final int STEPS_PER_UNIT = 64;
    private static final double LIMIT = 6;
    private static final int POINTS = (int) (LIMIT * STEPS_PER_UNIT) + 1;
    /** Taylor terms per point: the 10th is below 1e-22 everywhere on [0, 6] with |h| <= 1/128. */
    private static final int TERMS = 10;
    /** Per point: erf(x0), then the coefficients of h^1 .. h^(TERMS-1). */
    private static final double[] TABLE = table();

    /** Below this the Maclaurin series loses under a digit to cancellation; above, the continued fraction converges. */
    private static final double SERIES_LIMIT = 1.5;

    private Gelu() {
    }

    static float apply(float x) {
        return (float) (x * 0.5 * (1 + erf(x / Math.sqrt(2))));
    }

    static double erf(double x) {
        double a = Math.abs(x);
        if (!(a < LIMIT)) {
            return a != a ? a : Math.copySign(1, x);
        }
        int i = (int) (a * STEPS_PER_UNIT + 0.5);
        double h = a - (double) i / STEPS_PER_UNIT;
        int base = i * TERMS;
        double p = TABLE[base + TERMS - 1];
        for (int n = TERMS - 2; n >= 1; n--) {
            p = p * h + TABLE[base + n];
        }
        double r = TABLE[base] + p * h;
        return x < 0 ? -r : r;
    }

    private static double[] table() {
        double[] t = new double[POINTS * TERMS];
        double[] hermite = new double[TERMS];
        for (int i = 0; i < POINTS; i++) {
            double x0 = (double) i / STEPS_PER_UNIT;
            t[i * TERMS] = reference(x0);
            hermite[0] = 1;
            hermite[1] = 2 * x0;
            for (int n = 1; n + 1 < TERMS; n++) {
                hermite[n + 1] = 2 * x0 * hermite[n] - 2 * n * hermite[n - 1];
            }
            double scale = TWO_OVER_SQRT_PI * Math.exp(-x0 * x0);
            double factorial = 1;
            for (int n = 1; n < TERMS; n++) {
                factorial *= n;
                double sign = (n - 1) % 2 == 0 ? 1 : -1;
                t[i * TERMS + n] = scale * sign * hermite[n - 1] / factorial;
            }
        }
        return t;
    }

    /**
     * erf at one point, slowly and to double precision: the Maclaurin series below 1.5, erfc's
     * continued fraction (modified Lentz) above.
     */
    static double reference(double x) {
        double a = Math.abs(x);
        double r;
        if (a < SERIES_LIMIT) {
            double x2 = a * a;
            double term = a;
            double sum = a;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-18 * Math.abs(sum)) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * sum;
        } else {
            // erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...)))))
            double tiny = 1e-300;
            double f = a;
            double c = a;
            double d = 0;
            for (int n = 1; n < 5000; n++) {
                double coef = n / 2.0;
                d = a + coef * d;
                d = d == 0 ? tiny : d;
                c = a + coef / c;
                c = c == 0 ? tiny : c;
                d = 1 / d;
                double delta = c * d;
                f *= delta;
                if (Math.abs(delta - 1) < 1e-17) {
                    break;
                }
            }
            r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }
}
