package dev.linf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linf.model.LinfModel;
import dev.linf.weights.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark's FLOP count follows the spec's cost model (section 15). */
class FlopModelTest {
    @Test
    void edsrBaseline256x4MatchesTheSpecTotal() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("testdata/golden"))) {
            p = p.getParent();
        }
        LinfModel m = Checkpoints.load(p.resolve("testdata/golden/edsr-baseline/checkpoint.pth"));
        double gflop = EndToEnd.flops(m, 256, 256, 4) / 1e9;
        // Spec: encoder 159.7 + coef/freq once 38.7 + MLP 856.8 + elementwise ~4.8: about 1,060 GFLOP.
        assertEquals(1060.0, gflop, 1.5);
    }
}
