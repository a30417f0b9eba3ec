package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.eval.Benchmark;
import dev.linf.runner.ModelRunner;
import dev.linf.weights.DefaultModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled default model against bicubic with the benchmark protocol (as {@code linf eval}):
 * better on every Set5 and Set14 image at x2-x4, and no worse on average than the figures of its
 * model card (minus 0.02 dB of slack for float reordering), so a bad retrain cannot slip in.
 */
@EnabledIf("benchmarksPresent")
class DefaultModelQualityTest {
    private static final Path BENCHMARKS = findBenchmarks();
    private static final ModelRunner MODEL = ModelRunner.of(DefaultModel.get().orElseThrow());

    static boolean benchmarksPresent() {
        return Files.isDirectory(BENCHMARKS) || System.getenv("LINF_REQUIRE_SHARED") != null;
    }

    private static Path findBenchmarks() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("testdata"))) {
            p = p.getParent();
        }
        return p.resolve("../shared/benchmarks").normalize();
    }

    /** Card figures: dataset, scale, the model's mean Y-PSNR at T = 0. */
    @ParameterizedTest(name = "{0} x{1}")
    @CsvSource({"Set5, 2, 37.11", "Set5, 3, 33.11", "Set5, 4, 30.91",
            "Set14, 2, 32.79", "Set14, 3, 29.56", "Set14, 4, 27.81"})
    void beatsBicubicOnEveryImageAndKeepsItsCardFigures(String set, int scale, double card) {
        Path data = BENCHMARKS.resolve(set);
        Benchmark.Scores model = Benchmark.model(MODEL, data, scale, 0f, 1, 0);
        Benchmark.Scores bicubic = Benchmark.bicubic(data, scale);
        List<Benchmark.Pair> pairs = Benchmark.pairs(data, scale);
        for (int i = 0; i < pairs.size(); i++) {
            double m = model.perImagePsnr().get(i);
            double b = bicubic.perImagePsnr().get(i);
            assertTrue(m > b, String.format(Locale.ROOT, "%s x%d %s: model %.2f dB, bicubic %.2f dB", set, scale,
                    pairs.get(i).name(), m, b));
        }
        assertTrue(model.yPsnr() >= card - 0.02, String.format(Locale.ROOT, "%s x%d: %.3f dB, card says %.2f",
                set, scale, model.yPsnr(), card));
    }
}
