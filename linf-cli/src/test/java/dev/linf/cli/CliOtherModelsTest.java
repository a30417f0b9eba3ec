package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code linf upscale} and {@code linf logp} with the same options on the RDN, SwinIR and
 * RRDB-patch golden checkpoints: official outputs at T=0 and with the official latents replayed
 * ({@code --noise}, (patch rows, patch cols, 27) for the patch model, SwinIR's padded grid), and
 * the full-grid log-likelihood map against the official subsampled {@code log_p}.
 */
class CliOtherModelsTest extends CliTestBase {
    private static final Path LR = GOLDEN.resolve("input/lr_24x16.npy");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rdn-small", "swinir-small", "rrdb-patch3-small"})
    void upscaleMatchesOfficialAtT0AndWithReplayedLatents(String model) {
        Path weights = GOLDEN.resolve(model).resolve("checkpoint.pth");
        Path sharp = dir.resolve("sharp.npy");
        assertEquals(0, linf("upscale", LR, "-o", sharp, "--weights", weights, "--scale", "2.7"), err);
        assertTrue(maxDiff(read(sharp), officialImage(model, "x2p7_t0")) <= 1e-5, model + " x2.7 T=0");

        Path sampled = dir.resolve("sampled.npy");
        assertEquals(0, linf("upscale", LR, "-o", sampled, "--weights", weights, "--scale", "3", "-t", "0.8", "--noise",
                GOLDEN.resolve(model).resolve("x3_t0p8/eps.npy")), err);
        assertTrue(maxDiff(read(sampled), officialImage(model, "x3_t0p8")) <= 2e-4, model + " x3 T=0.8");

        assertEquals(3, linf("upscale", LR, "-o", dir.resolve("bad.npy"), "--weights", weights, "--scale", "4", "-t",
                "0.8", "--noise", GOLDEN.resolve(model).resolve("x3_t0p8/eps.npy")));
        assertTrue(err.contains("official layout"), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rdn-small", "swinir-small", "rrdb-patch3-small"})
    void logpMapMatchesTheOfficialSubsampledValues(String model) {
        Path map = dir.resolve("map.npy");
        assertEquals(0, linf("logp", "--weights", GOLDEN.resolve(model).resolve("checkpoint.pth"), "--lr", LR, "--hr",
                GOLDEN.resolve("input/hr_96x64.npy"), "--out", map), err);
        Tensor m = read(map);
        assertArrayEquals(new int[] {96, 64}, m.shape());
        double mean = 0;
        for (float v : m.data()) {
            mean += v;
        }
        assertEquals(mean / m.numel(), Double.parseDouble(out.strip()), 1e-4);
        Tensor official = read(GOLDEN.resolve(model).resolve("logp_x4_subsample/log_p.npy"));
        Tensor indices = read(GOLDEN.resolve("../derived/logp_x4_subsample_indices.npy").normalize());
        double tol = model.contains("patch") ? 2e-4 : 2e-5;
        for (int i = 0; i < indices.numel(); i++) {
            assertEquals(official.data()[i], m.data()[(int) indices.data()[i]], tol, model + " pixel " + indices.data()[i]);
        }
    }
}
