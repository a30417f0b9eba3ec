package dev.linf.weights;

import dev.linf.runner.ModelRunner;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.linf.model.LinfModel;
import dev.linf.model.SeededNoise;
import dev.linf.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every golden case of the reduced RDN, SwinIR and RRDB-patch models (all scales, T=0 and T=0.8
 * with the official latents replayed, log_p, encoder features) on the scalar reference kernels,
 * within the golden README's tolerances. linf-cpu runs the same {@link GoldenCases} on its kernels.
 */
class GoldenOtherModelsTest {

    static Stream<Arguments> cases() {
        return GoldenCases.all().stream().map(c -> Arguments.of(c.model(), c.name()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesOfficial(String modelName, String caseName) {
        GoldenCases.check(ModelRunner.of(GoldenCases.load(modelName)), modelName, caseName);
    }

    /** Tiles with the receptive margin give the untiled result bit for bit (SwinIR and patch models are never tiled). */
    @ParameterizedTest
    @ValueSource(strings = {"rdn-small", "rrdb-patch3-small", "swinir-small"})
    void tilingChangesNothing(String modelName) {
        ModelRunner model = ModelRunner.of(GoldenCases.load(modelName));
        Tensor lr = Golden.npy(Golden.root().resolve("input/lr_24x16.npy"));
        Tensor whole = model.upscale(lr, 2.3, 0.6f, new SeededNoise(11));
        Tensor tiled = model.withTileSize(4).upscale(lr, 2.3, 0.6f, new SeededNoise(11));
        assertArrayEquals(whole.data(), tiled.data());
    }
}
