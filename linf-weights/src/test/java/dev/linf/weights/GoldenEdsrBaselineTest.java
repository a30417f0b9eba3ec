package dev.linf.weights;

import dev.linf.runner.ModelRunner;
import static dev.linf.weights.Golden.assertClose;
import static dev.linf.weights.Golden.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.fourier.FourierEnsemble.FeatureMaps;
import dev.linf.model.LinfModel;
import dev.linf.model.QueryGrid;
import dev.linf.model.ReplayedNoise;
import dev.linf.model.SeededNoise;
import dev.linf.tensor.Tensor;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The EDSR-baseline model against every golden case of the official implementation, with the
 * tolerances of the golden README: pred_norm 1e-5 at T=0, 3e-4 at T>0; log_p 2e-5;
 * intermediates 1e-5 relative to the array's maximum.
 */
class GoldenEdsrBaselineTest {
    private static ModelRunner model;

    @BeforeAll
    static void load() {
        model = ModelRunner.of(Checkpoints.load(Golden.edsr().resolve("checkpoint.pth")));
    }

    static Stream<Arguments> scales() {
        return Stream.of(Arguments.of("x2", 48, 32), Arguments.of("x3", 72, 48), Arguments.of("x4", 96, 64),
                Arguments.of("x2p7", 65, 43), Arguments.of("x6", 144, 96), Arguments.of("x12", 288, 192));
    }

    /** T=0 and T=0.8 with the official latents replayed, both from one set of flow conditions. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scales")
    void predictionsMatchOfficial(String scale, int h, int w) {
        Path t0 = Golden.edsr().resolve(scale + "_t0");
        Path t08 = Golden.edsr().resolve(scale + "_t0p8");
        Tensor inp = npy(t0.resolve("inp.npy"));
        QueryGrid grid = QueryGrid.full(h, w);
        Tensor coord = npy(t0.resolve("coord.npy"));
        assertArrayEquals(coord.data(), grid.coordinates(), "query coordinates differ from make_coord");
        Tensor cell = npy(t0.resolve("cell.npy"));
        assertEquals(cell.data()[0], grid.cellY());
        assertEquals(cell.data()[1], grid.cellX());

        Tensor sharp = model.predict(inp, grid, 0f, new SeededNoise(1));
        assertClose(npy(t0.resolve("pred_norm.npy")), sharp, 1e-5, scale + " T=0 pred_norm");

        Tensor eps = npy(t08.resolve("eps.npy"));
        Tensor sampled = model.predict(inp, grid, 0.8f, new ReplayedNoise(eps));
        Tensor expected = npy(t08.resolve("pred_norm.npy"));
        double tol = Math.min(3e-4, Math.max(2e-6 * Golden.maxAbs(expected), 1e-5));
        assertClose(expected, sampled, 3e-4, scale + " T=0.8 pred_norm");
        assertTrue(Golden.maxAbsDiff(sampled, expected) <= Math.max(tol, 3e-4));
    }

    @Test
    void float64ReferenceIsCloserThanFloat32() {
        Path dir = Golden.edsr().resolve("x2p7_t0p8");
        Tensor inp = npy(Golden.edsr().resolve("x2p7_t0/inp.npy"));
        Tensor ours = model.predict(inp, QueryGrid.full(65, 43), 0.8f, new ReplayedNoise(npy(dir.resolve("eps.npy"))));
        double toF64 = Golden.maxAbsDiff(ours, npy(dir.resolve("pred_norm_f64.npy")));
        assertTrue(toF64 <= 1e-5, "max |diff| to the float64 official run: " + toF64);
    }

    @Test
    void intermediatesMatchOfficial() {
        Path dir = Golden.edsr().resolve("x2p7_t0");
        Tensor inp = npy(dir.resolve("inp.npy"));
        Tensor feat = model.model().encoder().encode(inp, model.kernels());
        Tensor expectedFeat = npy(dir.resolve("feat.npy"));
        assertClose(expectedFeat, feat, 1e-5 * Golden.maxAbs(expectedFeat), "encoder features");

        Tensor coef = model.kernels().conv2d(expectedFeat, coefConv());
        Tensor expectedCoef = npy(dir.resolve("coef_conv.npy"));
        assertClose(expectedCoef, coef, 1e-5 * Golden.maxAbs(expectedCoef), "coef conv");

        FeatureMaps maps = model.model().ensemble().prepare(expectedFeat, model.kernels());
        QueryGrid grid = QueryGrid.full(65, 43);
        Tensor fourier = npy(dir.resolve("fourier_features_rows.npy")); // (1024, 3, 43), rows 0, 32, 64
        Tensor affine = npy(dir.resolve("affine_info_rows.npy")); // (60, 3, 43)
        int[] rows = {0, 32, 64}; // the golden query_rows.npy
        double fourierTol = 1e-5 * Golden.maxAbs(fourier);
        double affineTol = 1e-5 * Golden.maxAbs(affine);
        float[] features = new float[1024];
        float[] theta = new float[43 * 60];
        for (int r = 0; r < rows.length; r++) {
            model.conditions(maps, grid, rows[r] * 43, 43, theta);
            for (int c = 0; c < 43; c++) {
                int q = rows[r] * 43 + c;
                model.model().ensemble().features(maps, grid.y(q), grid.x(q), grid.cellY(), grid.cellX(), features, 0,
                        model.kernels());
                for (int k = 0; k < 1024; k++) {
                    assertEquals(fourier.get(k, r, c), features[k], fourierTol,
                            "fourier feature " + k + " at row " + rows[r] + " col " + c);
                }
                for (int k = 0; k < 60; k++) {
                    assertEquals(affine.get(k, r, c), theta[c * 60 + k], affineTol,
                            "flow condition " + k + " at row " + rows[r] + " col " + c);
                }
            }
        }
    }

    private static dev.linf.kernels.ConvWeights coefConv() {
        StateDict sd = Checkpoints.read(Golden.edsr().resolve("checkpoint.pth"));
        return new dev.linf.kernels.ConvWeights(256, 64, 3, sd.get("coef.weight").data(), sd.get("coef.bias").data());
    }

    static Stream<Arguments> logpCases() {
        return Stream.of(Arguments.of("logp_x4_subsample"), Arguments.of("logp_x2p7_full"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logpCases")
    void logLikelihoodMatchesOfficial(String name) {
        Path dir = Golden.edsr().resolve(name);
        Tensor coord = npy(dir.resolve("coord.npy"));
        Tensor cell = npy(dir.resolve("cell.npy"));
        QueryGrid grid = new QueryGrid(coord.dim(0), coord.dim(1), coord.data(), cell.data()[0], cell.data()[1]);
        double[] logp = model.logLikelihood(npy(dir.resolve("inp.npy")), grid, npy(dir.resolve("gt.npy")));
        Golden.assertLogLikelihoods(logp, dir, 2e-5, name);
    }
}
