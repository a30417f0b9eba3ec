package dev.linf.model;

import dev.linf.encoder.EdsrBaseline;
import dev.linf.flow.ConditionalFlow;
import dev.linf.fourier.FourierEnsemble;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.DenseLayer;
import dev.linf.mlp.ImplicitMlp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small random LINF models (EDSR-baseline family) for tests that need a whole model. */
public final class TestModels {
    private TestModels() {
    }

    /** {@code blocks} residual blocks of {@code feats} channels, Fourier width {@code hidden}, near-identity flow. */
    public static LinfModel random(int blocks, int feats, int hidden, long seed) {
        Random r = new Random(seed);
        List<EdsrBaseline.ResBlock> body = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            body.add(new EdsrBaseline.ResBlock(conv(r, feats, feats, 3), conv(r, feats, feats, 3)));
        }
        EdsrBaseline encoder = new EdsrBaseline(conv(r, feats, 3, 3), body, conv(r, feats, feats, 3));
        FourierEnsemble ensemble = new FourierEnsemble(conv(r, hidden, feats, 3), conv(r, hidden, feats, 3),
                random(r, hidden, 1));
        ImplicitMlp mlp = new ImplicitMlp(List.of(
                DenseLayer.of(4 * hidden, hidden, random(r, 4 * hidden * hidden, 1 / Math.sqrt(4 * hidden)),
                        random(r, hidden, 0.1)),
                DenseLayer.of(hidden, 60, random(r, hidden * 60, 1 / Math.sqrt(hidden)), random(r, 60, 0.1))));
        List<ConditionalFlow.Linear> steps = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            float[] w = random(r, 9, 0.1);
            w[0] += 1;
            w[4] += 1;
            w[8] += 1;
            steps.add(new ConditionalFlow.Linear(w, random(r, 3, 0.05)));
        }
        return new LinfModel(encoder, ensemble, mlp, new ConditionalFlow(steps.subList(0, 10), steps.get(10)));
    }

    private static float[] random(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    private static ConvWeights conv(Random r, int out, int in, int k) {
        return new ConvWeights(out, in, k, random(r, out * in * k * k, 1 / Math.sqrt(in * k * k)), random(r, out, 0.1));
    }
}
