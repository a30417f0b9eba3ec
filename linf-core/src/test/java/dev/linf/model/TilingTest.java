package dev.linf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linf.encoder.EdsrBaseline;
import dev.linf.flow.ConditionalFlow;
import dev.linf.fourier.FourierEnsemble;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.DenseLayer;
import dev.linf.mlp.ImplicitMlp;
import dev.linf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tiled upscaling gives exactly the untiled result, for any tile size, scale, temperature and thread count. */
class TilingTest {
    private static final Random R = new Random(2026);
    /** 2 residual blocks: receptive radius 6, so small tiles cut well inside the receptive field. */
    private static final LinfModel MODEL = randomModel(2, 8, 16);

    private static float[] random(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (R.nextGaussian() * scale);
        }
        return a;
    }

    private static ConvWeights conv(int out, int in, int k) {
        return new ConvWeights(out, in, k, random(out * in * k * k, 1 / Math.sqrt(in * k * k)), random(out, 0.1));
    }

    static LinfModel randomModel(int blocks, int feats, int hidden) {
        List<EdsrBaseline.ResBlock> body = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            body.add(new EdsrBaseline.ResBlock(conv(feats, feats, 3), conv(feats, feats, 3)));
        }
        EdsrBaseline encoder = new EdsrBaseline(conv(feats, 3, 3), body, conv(feats, feats, 3));
        FourierEnsemble ensemble = new FourierEnsemble(conv(hidden, feats, 3), conv(hidden, feats, 3),
                random(hidden, 1));
        ImplicitMlp mlp = new ImplicitMlp(List.of(
                DenseLayer.of(4 * hidden, hidden, random(4 * hidden * hidden, 1 / Math.sqrt(4 * hidden)), random(hidden, 0.1)),
                DenseLayer.of(hidden, 60, random(hidden * 60, 1 / Math.sqrt(hidden)), random(60, 0.1))));
        List<ConditionalFlow.Linear> steps = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            float[] w = random(9, 0.1);
            w[0] += 1;
            w[4] += 1;
            w[8] += 1;
            steps.add(new ConditionalFlow.Linear(w, random(3, 0.05)));
        }
        return new LinfModel(encoder, ensemble, mlp, new ConditionalFlow(steps.subList(0, 10), steps.get(10)));
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}, tile {4}, T={5}, {6} threads")
    @CsvSource({"23, 17, 62, 46, 1, 0, 1", "23, 17, 62, 46, 5, 0, 2", "23, 17, 62, 46, 7, 0.8, 3",
            "23, 17, 23, 17, 4, 0.8, 1", "23, 17, 92, 68, 16, 0, 2", "1, 9, 3, 30, 2, 0.5, 2", "16, 16, 200, 31, 3, 0, 1"})
    void tiledEqualsUntiled(int h, int w, int outH, int outW, int tile, float t, int threads) {
        Tensor image = Tensor.of(random(3 * h * w, 0.3), 3, h, w);
        for (int i = 0; i < image.numel(); i++) {
            image.data()[i] = Math.min(Math.max(image.data()[i] + 0.5f, 0f), 1f);
        }
        Tensor whole = MODEL.withTileSize(Integer.MAX_VALUE).upscale(image, outH, outW, t, new SeededNoise(9));
        Tensor tiled = MODEL.withTileSize(tile).withThreads(threads).upscale(image, outH, outW, t, new SeededNoise(9));
        assertEquals(tile, MODEL.withTileSize(tile).tileSize());
        assertArrayEquals(whole.data(), tiled.data());
    }

    @ParameterizedTest(name = "tile {0}")
    @CsvSource({"1", "3", "8"})
    void tiledLogLikelihoodEqualsUntiled(int tile) {
        Tensor lr = LinfModel.normalise(Tensor.of(random(3 * 11 * 13, 0.2), 3, 11, 13));
        QueryGrid grid = QueryGrid.full(30, 37);
        Tensor hr = Tensor.of(random(3 * 30 * 37, 0.5), 3, 30, 37);
        assertArrayEquals(MODEL.withTileSize(Integer.MAX_VALUE).logLikelihood(lr, grid, hr),
                MODEL.withTileSize(tile).withThreads(2).logLikelihood(lr, grid, hr));
    }

    @ParameterizedTest(name = "tile {0}, T={1}")
    @CsvSource({"4, 0", "384, 0.7"})
    void streamingIntoAnImageEqualsQuantisingTheTensor(int tile, float t) {
        Tensor image = Tensor.of(random(3 * 9 * 14, 0.2), 3, 9, 14);
        for (int i = 0; i < image.numel(); i++) {
            image.data()[i] = Math.min(Math.max(image.data()[i] + 0.5f, 0f), 1f);
        }
        LinfModel m = MODEL.withTileSize(tile).withThreads(2);
        java.awt.image.BufferedImage streamed = new java.awt.image.BufferedImage(37, 21,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        m.upscale(image, 21, 37, t, new SeededNoise(3), dev.linf.image.Images.sinkInto(streamed));
        java.awt.image.BufferedImage viaTensor = dev.linf.image.Images.toImage(
                m.upscale(image, 21, 37, t, new SeededNoise(3)));
        assertArrayEquals(viaTensor.getRGB(0, 0, 37, 21, null, 0, 37), streamed.getRGB(0, 0, 37, 21, null, 0, 37));
    }
}
