package dev.linf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.flow.ConditionalFlow;
import dev.linf.kernels.GridSample;
import dev.linf.runner.ModelRunner;
import dev.linf.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flow inside a model: T = 0 is the inverse at z = 0; the likelihood of the model's own samples. */
class ModelFlowPropertiesTest {
    private static final LinfModel MODEL = TestModels.random(1, 8, 16, 21);
    private static final ModelRunner RUN = ModelRunner.of(MODEL);

    private static Tensor lr(int h, int w, long seed) {
        Random r = new Random(seed);
        float[] d = new float[3 * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.of(d, 3, h, w);
    }

    @Test
    void temperatureZeroIsTheInverseAtTheZeroLatent() {
        Tensor inp = lr(9, 7, 1);
        QueryGrid grid = QueryGrid.full(22, 17);
        float[] pred = RUN.predict(inp, grid, 0f, new SeededNoise(0)).data();
        float[] theta = RUN.conditions(inp, grid);
        ConditionalFlow flow = MODEL.flow();
        int n = grid.size();
        double[] x = new double[3];
        for (int q = 0; q < n; q++) {
            flow.inverse(new double[3], theta, q * flow.conditionLength(), x);
            for (int c = 0; c < 3; c++) {
                float base = GridSample.bilinearBorder(inp.data(), 9, 7, c, grid.y(q), grid.x(q));
                assertEquals((float) x[c] + base, pred[c * n + q], "query " + q + " channel " + c);
            }
        }
    }

    /**
     * For fixed conditions the flow is affine, so log p of a T = 1 sample is log|det dz/dx| plus
     * log N(z; 0, I): its expectation is log|det| - (D/2)(1 + log 2 pi) per query. The mean over the
     * model's own samples must match that within 4 standard errors (var of -|z|^2/2 is D/2).
     */
    @Test
    void likelihoodOfTheModelsOwnSamplesIsFiniteAndMatchesItsExpectation() {
        Tensor inp = lr(16, 16, 2);
        QueryGrid grid = QueryGrid.full(48, 48);
        Tensor samples = RUN.predict(inp, grid, 1f, new SeededNoise(5));
        double[] logp = RUN.logLikelihood(inp, grid, samples);
        float[] theta = RUN.conditions(inp, grid);
        ConditionalFlow flow = MODEL.flow();
        int n = grid.size();
        double[] zs = new double[3 * n];
        double[] logDets = new double[n];
        flow.forwardBlock(n, new double[3 * n], theta, zs, logDets);
        double mean = 0;
        double expected = 0;
        for (int q = 0; q < n; q++) {
            assertTrue(Double.isFinite(logp[q]), "query " + q);
            mean += logp[q] / n;
            expected += (logDets[q] - 1.5 * (1 + Math.log(2 * Math.PI))) / n;
        }
        double se = Math.sqrt(1.5 / n);
        assertEquals(expected, mean, 4 * se, "mean log p of T=1 samples vs its expectation");
        double[] block = new double[n];
        double[] residual = new double[3 * n];
        for (int q = 0; q < n; q++) {
            for (int c = 0; c < 3; c++) {
                residual[q * 3 + c] = samples.data()[c * n + q]
                        - GridSample.bilinearBorder(inp.data(), 16, 16, c, grid.y(q), grid.x(q));
            }
        }
        flow.logLikelihoodBlock(n, residual, theta, block);
        assertArrayEquals(logp, block, 0.0, "the model's log-likelihood is the flow's on the residual");
    }
}
