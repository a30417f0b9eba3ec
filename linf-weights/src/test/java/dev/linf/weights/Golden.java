package dev.linf.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.io.Npy;
import dev.linf.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's {@code testdata/golden} copy and compares arrays against it. */
public final class Golden {
    private Golden() {
    }

    /** {@code testdata/golden} of the repository, found from the module folder upwards. */
    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("testdata/golden");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("testdata/golden not found above " + Path.of("").toAbsolutePath());
    }

    public static Path edsr() {
        return root().resolve("edsr-baseline");
    }

    public static Tensor npy(Path file) {
        try {
            return Npy.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Largest |a - b| over two arrays of the same shape. */
    public static double maxAbsDiff(Tensor a, Tensor b) {
        assertArrayEquals(b.shape(), a.shape(), "shapes differ");
        double m = 0;
        for (int i = 0; i < a.numel(); i++) {
            double d = Math.abs((double) a.data()[i] - b.data()[i]);
            if (!(d <= m)) {
                m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
            }
        }
        return m;
    }

    public static double maxAbs(Tensor a) {
        double m = 0;
        for (float v : a.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    public static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        double d = maxAbsDiff(actual, expected);
        assertTrue(d <= tol, what + ": max |diff| " + d + " exceeds " + tol);
    }

    /**
     * Our log-likelihoods against a golden log_p case's float32 ({@code log_p.npy}) and float64
     * ({@code log_p_f64.npy}) official values, each within {@code tol}.
     */
    public static void assertLogLikelihoods(double[] logp, Path dir, double tol, String what) {
        for (String file : new String[] {"log_p.npy", "log_p_f64.npy"}) {
            Tensor expected = npy(dir.resolve(file));
            double worst = 0;
            for (int i = 0; i < logp.length; i++) {
                worst = Math.max(worst, Math.abs(logp[i] - expected.data()[i]));
            }
            assertTrue(worst <= tol, what + ": max |log_p diff| to " + file + " " + worst);
        }
    }
}
