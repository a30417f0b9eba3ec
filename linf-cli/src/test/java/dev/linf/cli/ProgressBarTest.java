package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.model.LinfModel;
import dev.linf.model.PixelSink;
import dev.linf.model.SeededNoise;
import dev.linf.runner.ModelRunner;
import dev.linf.runner.Monitor;
import dev.linf.tensor.Tensor;
import dev.linf.weights.Checkpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The terminal progress bar: its line, and the redraws a real upscale produces. */
class ProgressBarTest {

    @Test
    void lineIsRedrawnInPlaceWithBarPercentAndStage() {
        assertEquals("\rx.png [" + " ".repeat(30) + "]   0% encoding\033[K", ProgressBar.line("x.png", 0, "encoding"));
        assertEquals("\rx.png [" + "#".repeat(15) + " ".repeat(15) + "]  50% querying\033[K",
                ProgressBar.line("x.png", 0.5, "querying"));
        assertEquals("\rx.png [" + "#".repeat(30) + "] 100% \033[K", ProgressBar.line("x.png", 1, ""));
        assertEquals(ProgressBar.line("a", 1, "s"), ProgressBar.line("a", 1.7, "s"), "clamped");
    }

    @Test
    void anUpscaleDrawsAMonotoneBarEndingAtOneHundredPercentThenClears() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("testdata/golden"))) {
            p = p.getParent();
        }
        LinfModel model = Checkpoints.load(p.resolve("testdata/golden/edsr-baseline/checkpoint.pth"));
        StringWriter screen = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(screen), "[1/1] lr.png");
        ModelRunner.of(model).withTileSize(5).upscale(Tensor.zeros(3, 12, 8), 36, 24, 0f, new SeededNoise(0), PixelSink.into(
                Tensor.zeros(3, 36, 24)), Monitor.of(bar, null));
        bar.clear();
        String drawn = screen.toString();
        assertTrue(drawn.endsWith("\r\033[K"), "cleared at the end");
        Matcher m = Pattern.compile("\r\\[1/1] lr\\.png \\[([# ]{30})] +(\\d+)% ([^\033]*)\033\\[K").matcher(drawn);
        List<Integer> percents = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        while (m.find()) {
            assertEquals(Integer.parseInt(m.group(2)) * 30 / 100, m.group(1).indexOf(' ') < 0 ? 30 : m.group(1)
                    .indexOf(' '), 1, "bar length follows the percentage");
            percents.add(Integer.parseInt(m.group(2)));
            stages.add(m.group(3));
        }
        assertTrue(percents.size() > 8, "redrawn per tile and block: " + percents.size());
        for (int i = 1; i < percents.size(); i++) {
            assertTrue(percents.get(i) >= percents.get(i - 1), "monotone: " + percents);
        }
        assertEquals(100, percents.getLast());
        assertTrue(stages.contains("encoding (tile 1 of 6)") && stages.getLast().startsWith("querying"), stages.toString());
    }
}
