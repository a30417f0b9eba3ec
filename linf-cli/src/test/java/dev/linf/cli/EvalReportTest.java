package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code linf eval --report}: on a tiny dataset the page is written, references only files that
 * exist beside it (nothing from the network, no scripts), and its table holds the printed numbers.
 */
class EvalReportTest extends CliTestBase {
    @TempDir
    Path dir;

    @Test
    void theReportShowsThePrintedNumbersAndEveryFileItNames() throws IOException {
        Path hr = Files.createDirectories(dir.resolve("tiny/HR"));
        for (int k = 0; k < 2; k++) {
            BufferedImage img = new BufferedImage(40 - 4 * k, 32 + 4 * k, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int v = (int) (128 + 100 * Math.sin(x * (0.3 + k * 0.2)) * Math.cos(y * 0.25));
                    img.setRGB(x, y, v << 16 | (255 - v) << 8 | (x * 6 & 0xff));
                }
            }
            ImageIO.write(img, "png", hr.resolve("img" + k + ".png").toFile());
        }
        Path report = dir.resolve("report");
        assertEquals(0, linf("eval", "--data", dir.resolve("tiny"), "--scales", "2,4", "-t", "0.5", "-k", "2",
                "--report", report), err);
        String html = Files.readString(report.resolve("index.html"));
        assertFalse(html.contains("http") || html.contains("<script"), "self-contained");
        Matcher src = Pattern.compile("src=\"([^\"]+)\"").matcher(html);
        int images = 0;
        while (src.find()) {
            assertTrue(Files.isRegularFile(report.resolve(src.group(1))), src.group(1));
            images++;
        }
        // the chart, and per image and scale: LR, bicubic, T = 0, T = 0.5, HR, diversity
        assertEquals(1 + 2 * 2 * 6, images, html);
        assertTrue(Files.readString(report.resolve("gain.svg")).startsWith("<svg"));
        for (String kind : new String[] {"strip", "lr", "bicubic", "model-t0", "model-t0.5", "hr", "diversity"}) {
            assertTrue(Files.isRegularFile(report.resolve("tiny-x4/img1-" + kind + ".png")), kind);
        }
        // The table's cells equal the printed table's, row by row.
        List<String> printed = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("tiny")) {
                printed.add(String.join(" ", line.trim().split("\\s+")));
            }
        }
        List<String> shown = new ArrayList<>();
        Matcher row = Pattern.compile("<tr><td>(tiny)</td>(.*?)</tr>").matcher(html);
        while (row.find()) {
            shown.add((row.group(1) + row.group(2)).replaceAll("</td><td>", " ").replace("<td>", " ")
                    .replace("</td>", ""));
        }
        assertEquals(2, printed.size(), out);
        assertEquals(printed, shown);
    }
}
