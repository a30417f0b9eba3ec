package dev.linf.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.model.LinfModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Loading a bundled model from the class path, with its checksum. */
class DefaultModelTest {
    private static final String RESOURCE = "/dev/linf/weights/test/tiny.safetensors";

    private static byte[] resourceBytes() throws IOException {
        try (var in = DefaultModelTest.class.getResourceAsStream(RESOURCE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void loadsWhenTheChecksumMatches() throws IOException {
        LinfModel m = DefaultModel.load(RESOURCE, DefaultModel.sha256(resourceBytes()));
        assertEquals("edsr-baseline", m.encoder().name());
        assertEquals(4, m.flow().steps());
    }

    @Test
    void refusesDamagedWeights() throws IOException {
        String wrong = "0".repeat(64);
        CheckpointException e = assertThrows(CheckpointException.class, () -> DefaultModel.load(RESOURCE, wrong));
        assertTrue(e.problem().contains("does not match"), e.problem());
    }

    @Test
    void absentResourceMeansNoBundledModel() {
        assertNull(DefaultModel.load("/dev/linf/weights/test/none.safetensors", ""));
    }

    @Test
    void theBundledModelIsPresentVerifiedAndAsItsCardSays() {
        LinfModel m = DefaultModel.get().orElseThrow(); // loading checks the SHA-256
        assertEquals("edsr-baseline", m.encoder().name());
        assertEquals(572_208, m.parameterCount());
        assertEquals(128, m.ensemble().hidden());
        assertEquals(4, m.mlp().layers().size());
        assertEquals(10, m.flow().steps());
    }

    @Test
    void theOneLinerUsesItWithNoConfiguration() {
        java.awt.image.BufferedImage in = new java.awt.image.BufferedImage(13, 7, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                in.setRGB(x, y, (x * 19) << 16 | (y * 36) << 8 | 128);
            }
        }
        java.awt.image.BufferedImage out = dev.linf.Linf.upscale(in, 2.37);
        assertEquals(31, out.getWidth()); // round(13 * 2.37) = round(30.81)
        assertEquals(17, out.getHeight()); // round(7 * 2.37) = round(16.59)
        int p = out.getRGB(15, 8);
        assertTrue(((p >> 16) & 0xff) > 60 && ((p >> 16) & 0xff) < 200, "a plausible colour, got " + Integer.toHexString(p));
    }

    /** Regenerates the tiny test resource (run by hand if the format changes). */
    static void main(String[] args) throws IOException {
        Path out = Path.of("linf-weights/src/test/resources" + RESOURCE);
        Files.createDirectories(out.getParent());
        CheckpointFiles.safetensors(out, ArchitectureInferenceTest.randomEdsr(8, 1, 16, 2, 4, 99), "linf", null);
    }
}
