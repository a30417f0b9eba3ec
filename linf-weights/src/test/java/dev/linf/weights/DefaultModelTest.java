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

    /** Regenerates the tiny test resource (run by hand if the format changes). */
    static void main(String[] args) throws IOException {
        Path out = Path.of("linf-weights/src/test/resources" + RESOURCE);
        Files.createDirectories(out.getParent());
        CheckpointFiles.safetensors(out, ArchitectureInferenceTest.randomEdsr(8, 1, 16, 2, 4, 99), "linf", null);
    }
}
