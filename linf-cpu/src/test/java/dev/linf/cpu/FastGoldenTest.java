package dev.linf.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.io.Npy;
import dev.linf.model.QueryGrid;
import dev.linf.runner.ModelRunner;
import dev.linf.model.ReplayedNoise;
import dev.linf.model.SeededNoise;
import dev.linf.tensor.Tensor;
import dev.linf.weights.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The golden EDSR-baseline cases through the Vector API kernels, and thread-count independence. */
class FastGoldenTest {
    private static ModelRunner model;
    private static Path golden;

    @BeforeAll
    static void load() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("testdata/golden"))) {
            p = p.getParent();
        }
        golden = p.resolve("testdata/golden/edsr-baseline");
        model = ModelRunner.of(Checkpoints.load(golden.resolve("checkpoint.pth"))).withKernels(VectorKernelsProvider.best())
                .withThreads(2);
    }

    private static Tensor npy(Path f) {
        try {
            return Npy.read(f);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static double maxDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.numel(); i++) {
            m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"x2,48,32", "x3,72,48", "x4,96,64", "x2p7,65,43", "x6,144,96", "x12,288,192"})
    void goldenCasesWithinTolerance(String scale, int h, int w) {
        Tensor inp = npy(golden.resolve(scale + "_t0/inp.npy"));
        QueryGrid grid = QueryGrid.full(h, w);
        double d0 = maxDiff(model.predict(inp, grid, 0f, new SeededNoise(0)), npy(golden.resolve(scale + "_t0/pred_norm.npy")));
        assertTrue(d0 <= 1e-5, scale + " T=0: " + d0);
        Tensor eps = npy(golden.resolve(scale + "_t0p8/eps.npy"));
        double d8 = maxDiff(model.predict(inp, grid, 0.8f, new ReplayedNoise(eps)), npy(golden.resolve(scale + "_t0p8/pred_norm.npy")));
        assertTrue(d8 <= 3e-4, scale + " T=0.8: " + d8);
    }

    /**
     * The same call gives the same bits whether its kernels run interpreted, C1- or C2-compiled
     * (the JDK's vector exp did not: it changed the last bit once compiled). Repeats the call while
     * the JIT warms up.
     */
    @Test
    void repeatedCallsGiveIdenticalBitsAsTheJitWarmsUp() {
        Tensor inp = npy(golden.resolve("x4_t0/inp.npy"));
        QueryGrid grid = QueryGrid.full(96, 64);
        Tensor first = model.withThreads(1).predict(inp, grid, 0.7f, new SeededNoise(3));
        for (int rep = 0; rep < 4; rep++) {
            assertArrayEquals(first.data(), model.withThreads(1 + rep % 2).predict(inp, grid, 0.7f, new SeededNoise(3))
                    .data(), "repetition " + rep);
        }
    }

    @Test
    void threadCountDoesNotChangeResults() {
        Tensor inp = npy(golden.resolve("x4_t0/inp.npy"));
        QueryGrid grid = QueryGrid.full(96, 64);
        Tensor one = model.withThreads(1).predict(inp, grid, 0.7f, new SeededNoise(3));
        Tensor two = model.withThreads(2).predict(inp, grid, 0.7f, new SeededNoise(3));
        Tensor three = model.withThreads(3).predict(inp, grid, 0.7f, new SeededNoise(3));
        assertArrayEquals(one.data(), two.data());
        assertArrayEquals(one.data(), three.data());
    }
}
