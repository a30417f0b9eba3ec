package dev.linf.weights;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        GoldenCases.check(GoldenCases.load(modelName), modelName, caseName);
    }
}
