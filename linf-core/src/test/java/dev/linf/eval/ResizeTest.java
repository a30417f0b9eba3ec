package dev.linf.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.image.Images;
import dev.linf.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark resizers reproduce MATLAB's and Pillow's outputs bit for bit. Reads the shared
 * benchmark images beside the repository (skipped when they are absent, except in CI).
 */
@EnabledIf("dev.linf.eval.TestData#sharedBenchmarks")
class ResizeTest {

    static Stream<Arguments> benchmarkLrFiles() throws IOException {
        Path root = TestData.benchmarks();
        Stream.Builder<Arguments> b = Stream.builder();
        for (String set : List.of("Set5", "Set14")) {
            try (Stream<Path> hrs = Files.list(root.resolve(set).resolve("HR"))) {
                for (Path hr : hrs.sorted().toList()) {
                    String name = hr.getFileName().toString().replace(".png", "");
                    for (int s : new int[] {2, 3, 4}) {
                        b.add(Arguments.of(set, name, s));
                    }
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} x{2}")
    @MethodSource("benchmarkLrFiles")
    void matlabBicubicReproducesEveryBenchmarkLrFile(String set, String name, int s) {
        Path dir = TestData.benchmarks().resolve(set);
        Tensor hr = Images.read(dir.resolve("HR/" + name + ".png"));
        Tensor expected = Images.read(dir.resolve("LR_bicubic/X" + s + "/" + name + "x" + s + ".png"));
        Tensor ours = MatlabBicubic.downscale(hr, s);
        assertArrayEquals(expected.shape(), ours.shape());
        assertArrayEquals(expected.data(), ours.data());
    }

    @Test
    void pilBicubicReproducesTheGoldenLrImage() {
        // The golden LR was made by the official resize_fn (torchvision -> PIL bicubic) from this HR.
        Path input = TestData.repoRoot().resolve("testdata/golden/input");
        Tensor ours = PilBicubic.resize(Images.read(input.resolve("hr_96x64.png")), 24, 16);
        assertArrayEquals(Images.read(input.resolve("lr_24x16.png")).data(), ours.data());
    }

    @ParameterizedTest(name = "x{0}")
    @MethodSource("pilScales")
    void pilBicubicReproducesPillowForScalesWithoutLrFiles(String label, double s) {
        Tensor hr = Images.read(TestData.benchmarks().resolve("Set5/HR/butterfly.png"));
        Tensor expected = Images.read(TestData.repoRoot().resolve("testdata/derived/pil/butterfly_x" + label + ".png"));
        Benchmark.Pair pair = Benchmark.pilPair(hr, s);
        assertArrayEquals(expected.data(), pair.lr().data());
        assertEquals(Math.round(expected.dim(1) * s), pair.hr().dim(1));
    }

    static Stream<Arguments> pilScales() {
        return Stream.of(Arguments.of("2p7", 2.7), Arguments.of("6", 6.0), Arguments.of("8", 8.0));
    }

    @Test
    void pilBicubicReproducesPillowOnOddShapesAndUpsampling() {
        Tensor hr = Images.read(TestData.benchmarks().resolve("Set5/HR/butterfly.png"));
        Path pil = TestData.repoRoot().resolve("testdata/derived/pil");
        assertArrayEquals(Images.read(pil.resolve("butterfly_131x77.png")).data(), PilBicubic.resize(hr, 77, 131).data());
        Tensor crop = Rgb8.crop(hr, 30, 40);
        assertArrayEquals(Images.read(pil.resolve("butterfly_crop40x30_to_97x61.png")).data(),
                PilBicubic.resize(crop, 61, 97).data());
    }

    @Test
    void bicubicUpsamplingScoresThePublishedSet5Rows() {
        double[] published = {33.68, 30.41, 28.43};
        for (int s = 2; s <= 4; s++) {
            Benchmark.Scores b = Benchmark.bicubic(TestData.benchmarks().resolve("Set5"), s);
            assertEquals(5, b.images());
            assertEquals(published[s - 2], Math.round(b.yPsnr() * 100) / 100.0, 1e-9, "x" + s + ": " + b.yPsnr());
        }
    }

    @Test
    void metricsOnKnownCases() {
        Tensor a = Tensor.zeros(3, 20, 20);
        Tensor b = a.copy();
        for (int i = 0; i < b.numel(); i++) {
            b.data()[i] = 0.1f; // difference 0.1 in every channel: luma difference 0.1 * 219.859/256
        }
        double y = 0.1 * (65.738 + 129.057 + 25.064) / 256;
        assertEquals(-10 * Math.log10(y * y), Metrics.yPsnr(b, a, 2), 1e-4);
        assertEquals(1.0, Metrics.ssim(a, a), 1e-12);
        assertTrue(Metrics.ssim(a, b) < 1);
    }
}
