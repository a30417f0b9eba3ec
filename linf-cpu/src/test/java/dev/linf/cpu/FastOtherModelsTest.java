package dev.linf.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.linf.model.SeededNoise;
import dev.linf.runner.ModelRunner;
import dev.linf.tensor.Tensor;
import dev.linf.weights.GoldenCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The golden cases of the reduced RDN, SwinIR (window attention's products included) and RRDB-patch
 * models through the Vector API kernels on 2 threads, and 1 vs 3 threads bit-identical.
 */
class FastOtherModelsTest {

    static Stream<Arguments> cases() {
        return GoldenCases.all().stream().map(c -> Arguments.of(c.model(), c.name()));
    }

    private static ModelRunner fast(String model, int threads) {
        ModelRunner run = ModelRunner.of(GoldenCases.load(model)).withThreads(threads);
        assertSame(VectorKernels.INSTANCE, run.kernels(), "a loaded model runs on the vector kernels by default");
        return run;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesOfficial(String model, String caseName) {
        GoldenCases.check(fast(model, 2), model, caseName);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rdn-small", "swinir-small", "rrdb-patch3-small"})
    void threadCountDoesNotChangeABit(String model) {
        Tensor lr = Tensor.zeros(3, 13, 11);
        java.util.Random r = new java.util.Random(model.hashCode());
        for (int i = 0; i < lr.numel(); i++) {
            lr.data()[i] = r.nextFloat();
        }
        Tensor one = fast(model, 1).upscale(lr, 2.6, 0.6f, new SeededNoise(9));
        Tensor three = fast(model, 3).upscale(lr, 2.6, 0.6f, new SeededNoise(9));
        assertArrayEquals(one.data(), three.data());
    }
}
