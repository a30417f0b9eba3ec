package dev.linf.encoder.swin;

/**
 * PyTorch's exact GELU, {@code x * 0.5 * (1 + erf(x / sqrt 2))}, with erf evaluated in double
 * (Java has no erf): its Maclaurin series below 3, where double precision absorbs the alternating
 * terms, and the asymptotic expansion of erfc above, whose error there is below float32 resolution.
 */
final class Gelu {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Gelu() {
    }

    static float apply(float x) {
        return (float) (x * 0.5 * (1 + erf(x / Math.sqrt(2))));
    }

    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double x2 = a * a;
            double term = a;
            double sum = a;
            for (int n = 1; n < 80; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * sum;
        } else if (a < 10) {
            // erfc(x) ~ exp(-x^2) / (x sqrt(pi)) * (1 - 1/(2x^2) + 3/(2x^2)^2 - 15/(2x^2)^3 + ...)
            double inv = 1 / (2 * a * a);
            double term = 1;
            double sum = 1;
            for (int n = 1; n < 12; n++) {
                term *= -(2 * n - 1) * inv;
                sum += term;
            }
            r = 1 - Math.exp(-a * a) / (a * Math.sqrt(Math.PI)) * sum;
        } else {
            r = 1;
        }
        return x < 0 ? -r : r;
    }
}
