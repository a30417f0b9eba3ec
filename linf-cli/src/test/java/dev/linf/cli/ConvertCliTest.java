package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code linf convert}: the written file upscales as the .pth does; exit codes 4 and 5; info shows the metadata. */
class ConvertCliTest extends CliTestBase {
    @TempDir
    Path dir;

    @Test
    void convertedWeightsUpscaleBitForBitAndInfoShowsWhereTheyCameFrom() throws IOException {
        Path pth = GOLDEN.resolve("rdn-small/checkpoint.pth");
        Path st = dir.resolve("rdn.safetensors");
        assertEquals(0, linf("convert", pth, "-o", st), err);
        assertTrue(out.contains("float32"), out);
        Path in = GOLDEN.resolve("rdn-small/x2_t0/inp.npy");
        assertEquals(0, linf("upscale", in, "-o", dir.resolve("a.npy"), "--weights", pth, "-t", "0.7", "--quiet"), err);
        assertEquals(0, linf("upscale", in, "-o", dir.resolve("b.npy"), "--weights", st, "-t", "0.7", "--quiet"), err);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.npy")), Files.readAllBytes(dir.resolve("b.npy")));
        assertEquals(0, linf("info", "--weights", st), err);
        assertTrue(out.contains("metadata:   source_sha256 = ") && out.contains("metadata:   name = linf"), out);
        assertEquals(ExitCodes.OUTPUT, linf("convert", pth, "-o", st));
        assertTrue(err.contains("already exists") && err.strip().split("\n").length == 1, err);
        assertEquals(0, linf("convert", pth, "-o", st, "--fp16", "--overwrite"), err);
        assertTrue(out.contains("float16"), out);
    }

    @Test
    void hostileOrUnrecognisedInputsEndWithExit4AndWriteNothing() throws IOException {
        Path corpus = GOLDEN.getParent().getParent().resolve("fuzz/corpus/pth");
        for (String bad : new String[] {"os-system.pth", "pid-deep.pth", "nan.pth", "zero-dim.pth"}) {
            Path out = dir.resolve(bad + ".safetensors");
            assertEquals(ExitCodes.MODEL, linf("convert", corpus.resolve(bad), "-o", out), bad);
            assertEquals(1, err.strip().split("\n").length, err);
            assertTrue(Files.notExists(out), bad);
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no output or temporary file");
        }
    }
}
