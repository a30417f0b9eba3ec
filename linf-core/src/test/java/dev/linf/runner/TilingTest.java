package dev.linf.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linf.model.LinfModel;
import dev.linf.model.QueryGrid;
import dev.linf.model.SeededNoise;
import dev.linf.model.TestModels;
import dev.linf.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tiled upscaling gives exactly the untiled result, for any tile size, scale, temperature and thread count. */
class TilingTest {
    private static final Random R = new Random(2026);
    /** 2 residual blocks: receptive radius 6, so small tiles cut well inside the receptive field. */
    private static final ModelRunner MODEL = ModelRunner.of(TestModels.random(2, 8, 16, 7));

    private static float[] random(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (R.nextGaussian() * scale);
        }
        return a;
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
        ModelRunner m = MODEL.withTileSize(tile).withThreads(2);
        java.awt.image.BufferedImage streamed = new java.awt.image.BufferedImage(37, 21,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        m.upscale(image, 21, 37, t, new SeededNoise(3), dev.linf.image.Images.sinkInto(streamed), Monitor.none());
        java.awt.image.BufferedImage viaTensor = dev.linf.image.Images.toImage(
                m.upscale(image, 21, 37, t, new SeededNoise(3)));
        assertArrayEquals(viaTensor.getRGB(0, 0, 37, 21, null, 0, 37), streamed.getRGB(0, 0, 37, 21, null, 0, 37));
    }
}
