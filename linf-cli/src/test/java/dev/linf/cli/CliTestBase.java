package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.linf.io.Npy;
import dev.linf.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process and keeps what it printed; helpers to compare with the golden files. */
abstract class CliTestBase {
    static final Path GOLDEN = findGolden();

    String out;
    String err;

    /** {@code linf args...}: the exit code; stdout and stderr land in {@link #out} and {@link #err}. */
    int linf(Object... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].toString();
        }
        int code = LinfCli.run(a, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private static Path findGolden() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("testdata/golden"))) {
            p = p.getParent();
        }
        return p.resolve("testdata/golden");
    }

    static Tensor read(Path f) {
        try {
            return Npy.read(f);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The official image of a golden case: clamp(pred_norm * 0.5 + 0.5, 0, 1). */
    static Tensor officialImage(String model, String caseDir) {
        Tensor p = read(GOLDEN.resolve(model).resolve(caseDir).resolve("pred_norm.npy"));
        float[] d = p.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.min(Math.max(d[i] * 0.5f + 0.5f, 0f), 1f);
        }
        return Tensor.of(d, p.shape());
    }

    static double maxDiff(Tensor a, Tensor b) {
        assertArrayEquals(b.shape(), a.shape());
        double m = 0;
        for (int i = 0; i < a.numel(); i++) {
            m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        }
        return m;
    }
}
