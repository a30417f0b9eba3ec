package dev.linf.check;

import dev.linf.flow.ConditionalFlow;
import dev.linf.model.Evaluation;
import dev.linf.model.LinfModel;
import dev.linf.model.QueryGrid;
import dev.linf.model.SeededNoise;
import dev.linf.runner.ModelRunner;
import dev.linf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a model's flow is numerically usable: per dense layer its condition number (EJML SVD),
 * log|det| and how far its inverse can amplify; over an image's queries the range of the
 * conditional scales, the range of T = 0 and T = 1 samples against the [-1, 1] image range, and the
 * worst round trip z -> x -> z in float32 and in double. Randomly initialised official flows
 * contract at every step, so their inverse amplifies by ~1e12: their samples leave the image range
 * by orders of magnitude, which the verdict reports as unusable.
 */
public final class FlowCheck {
    /** Samples leaving [-1, 1] by more than this factor (or a float32 round trip worse than 1e-2): unusable. */
    public static final double UNUSABLE_RANGE = 100;
    /** Float32 round-trip error above which the flow is unusable. */
    public static final double UNUSABLE_ROUND_TRIP = 1e-2;
    /** Samples beyond this, a float32 round trip worse than 1e-4, or a condition number above 1e4: degraded. */
    public static final double DEGRADED_RANGE = 3;
    /** Float32 round-trip error above which the flow is degraded. */
    public static final double DEGRADED_ROUND_TRIP = 1e-4;
    /** Condition number above which a layer makes the flow degraded. */
    public static final double DEGRADED_CONDITION = 1e4;

    private FlowCheck() {
    }

    /** What the check concludes. */
    public enum Verdict {
        /** Within every bound. */
        USABLE,
        /** Past a degraded bound: results may lose precision. */
        DEGRADED,
        /** Past an unusable bound: samples or round trips are wrong. */
        UNUSABLE
    }

    /**
     * One dense layer: name, condition number, extreme singular values, log|det|, the range of the
     * conditional scale that follows it (NaN for the final layer) and log10 of its inverse's gain
     * (1 / smallest singular value, times 1 / smallest scale).
     *
     * @param name the layer's name
     * @param condition its condition number
     * @param minSingular its smallest singular value
     * @param maxSingular its largest singular value
     * @param logAbsDet log|det| of its matrix
     * @param minScale the smallest conditional scale of its step over the queries
     * @param maxScale the largest conditional scale of its step over the queries
     * @param log10InverseGain log10 of its inverse's gain
     */
    public record Layer(String name, double condition, double minSingular, double maxSingular, double logAbsDet,
            double minScale, double maxScale, double log10InverseGain) {
    }

    /**
     * The whole report; {@code problems} says in words what decided the verdict.
     *
     * @param layers each dense layer of the flow
     * @param log10InverseGain log10 of the product of the layers' inverse gains
     * @param t0Min smallest T = 0 sample value
     * @param t0Max largest T = 0 sample value
     * @param t1Min smallest T = 1 sample value
     * @param t1Max largest T = 1 sample value
     * @param worstRoundTripFloat worst z to x to z error in float32
     * @param worstRoundTripDouble worst z to x to z error in double
     * @param queries queries checked
     * @param verdict the verdict
     * @param problems what decided the verdict, in words
     */
    public record Report(List<Layer> layers, double log10InverseGain, double t0Min, double t0Max, double t1Min,
            double t1Max, double worstRoundTripFloat, double worstRoundTripDouble, int queries, Verdict verdict,
            List<String> problems) {
    }

    /**
     * Checks {@code model}'s flow on the queries of upscaling {@code image} (in [0, 1]) by
     * {@code scale}, with T = 1 latents from {@code seed}.
     *
     * @param model the model, run on the fastest kernels
     * @param image (3, h, w) in [0, 1]
     * @param scale upscaling factor
     * @param seed seed of the T = 1 latents
     * @return the report
     */
    public static Report check(LinfModel model, Tensor image, double scale, long seed) {
        return check(ModelRunner.of(model), image, scale, seed);
    }

    /**
     * {@link #check(LinfModel, Tensor, double, long)} computing on {@code runner}'s kernels and threads.
     *
     * @param runner the model and how it runs
     * @param image (3, h, w) in [0, 1]
     * @param scale upscaling factor
     * @param seed seed of the T = 1 latents
     * @return the report
     */
    public static Report check(ModelRunner runner, Tensor image, double scale, long seed) {
        LinfModel model = runner.model();
        ConditionalFlow flow = model.flow();
        int d = flow.dim();
        int len = flow.conditionLength();
        int steps = flow.steps();
        int outH = Math.max(1, (int) Math.rint(image.dim(1) * scale));
        int outW = Math.max(1, (int) Math.rint(image.dim(2) * scale));
        Evaluation evaluation = model.evaluation(image, outH, outW);
        QueryGrid grid = evaluation.grid();
        float[] theta = runner.conditions(evaluation.input(), grid);
        int n = grid.size();

        double[] minScale = new double[steps];
        double[] maxScale = new double[steps];
        java.util.Arrays.fill(minScale, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(maxScale, Double.NEGATIVE_INFINITY);
        for (int q = 0; q < n; q++) {
            for (int i = 0; i < steps; i++) {
                for (int c = 0; c < d; c++) {
                    double s = ConditionalFlow.scale(theta[q * len + i * 2 * d + c]);
                    minScale[i] = Math.min(minScale[i], s);
                    maxScale[i] = Math.max(maxScale[i], s);
                }
            }
        }
        List<Layer> layers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        double totalGain = 0;
        for (int i = 0; i <= steps; i++) {
            double[] sv = flow.singularValues(i);
            double smax = sv[0];
            double smin = sv[sv.length - 1];
            double cond = smax / smin;
            boolean last = i == steps;
            double gain = -Math.log10(smin) - (last ? 0 : Math.log10(minScale[i]));
            totalGain += gain;
            String name = last ? "final layer" : "step " + i;
            layers.add(new Layer(name, cond, smin, smax, flow.logAbsDet(i), last ? Double.NaN : minScale[i],
                    last ? Double.NaN : maxScale[i], gain));
            if (!(cond <= DEGRADED_CONDITION)) {
                problems.add(String.format(java.util.Locale.ROOT, "%s: condition number %.3g", name, cond));
            }
        }

        // Samples: the model's full prediction (bilinear base + flow residual) in [-1, 1] space.
        float[] t0 = runner.predictImage(image, outH, outW, 0f, new SeededNoise(seed)).data();
        float[] t1 = runner.predictImage(image, outH, outW, 1f, new SeededNoise(seed)).data();
        double[] r0 = range(t0);
        double[] r1 = range(t1);

        // Round trips from T = 1 latents, per query, in float32 and in double.
        SeededNoise noise = new SeededNoise(seed);
        float[] eps = new float[d];
        float[] xf = new float[d];
        float[] zf = new float[d];
        double[] z = new double[d];
        double[] x = new double[d];
        double[] back = new double[d];
        double worstF = 0;
        double worstD = 0;
        for (int q = 0; q < n; q++) {
            noise.draw(q / outW, q % outW, eps, 0, d);
            for (int c = 0; c < d; c++) {
                z[c] = eps[c];
            }
            flow.inverseFloat(eps, theta, q * len, xf);
            flow.forwardFloat(xf, theta, q * len, zf);
            flow.inverse(z, theta, q * len, x);
            flow.forward(x, theta, q * len, back);
            for (int c = 0; c < d; c++) {
                worstF = Math.max(worstF, nanToInf(Math.abs(zf[c] - eps[c])));
                worstD = Math.max(worstD, nanToInf(Math.abs(back[c] - z[c])));
            }
        }

        double reach = Math.max(Math.max(Math.abs(r1[0]), Math.abs(r1[1])), Math.max(Math.abs(r0[0]), Math.abs(r0[1])));
        Verdict verdict = Verdict.USABLE;
        if (!(reach <= UNUSABLE_RANGE) || !(worstF <= UNUSABLE_ROUND_TRIP)) {
            verdict = Verdict.UNUSABLE;
        } else if (!(reach <= DEGRADED_RANGE) || !(worstF <= DEGRADED_ROUND_TRIP) || !problems.isEmpty()) {
            verdict = Verdict.DEGRADED;
        }
        if (!(reach <= DEGRADED_RANGE)) {
            problems.add(String.format(java.util.Locale.ROOT, "samples reach %.3g, outside the image range [-1, 1]%s",
                    reach, amplifying(layers)));
        }
        if (!(worstF <= DEGRADED_ROUND_TRIP)) {
            problems.add(String.format(java.util.Locale.ROOT, "float32 round trip z -> x -> z is off by %.3g", worstF));
        }
        return new Report(List.copyOf(layers), totalGain, r0[0], r0[1], r1[0], r1[1], worstF, worstD, n, verdict,
                List.copyOf(problems));
    }

    /** The layers whose inverse amplifies most (gain above 10x), for naming the culprits. */
    private static String amplifying(List<Layer> layers) {
        List<String> names = layers.stream().filter(l -> l.log10InverseGain() > 1)
                .map(l -> String.format(java.util.Locale.ROOT, "%s (x%.3g)", l.name(), Math.pow(10, l.log10InverseGain())))
                .toList();
        return names.isEmpty() ? "" : "; amplifying layers: " + String.join(", ", names);
    }

    private static double nanToInf(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    private static double[] range(float[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            if (Float.isNaN(f)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        return new double[] {lo, hi};
    }

    /**
     * A 48 x 48 test image with what super-resolution meets: smooth gradients, hard edges, fine
     * stripes and seeded noise, in [0, 1].
     *
     * @return (3, 48, 48) in [0, 1]
     */
    public static Tensor testImage() {
        int h = 48;
        int w = 48;
        float[] d = new float[3 * h * w];
        java.util.Random r = new java.util.Random(48);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float grad = x / (float) (w - 1);
                float edge = (x + y) % 24 < 12 ? 0.2f : 0.8f;
                float stripes = ((x / 2) % 2 == 0) ? 0.1f : 0.9f;
                float base = y < 16 ? grad : y < 32 ? edge : stripes;
                for (int c = 0; c < 3; c++) {
                    float v = base * (0.8f + 0.1f * c) + 0.05f * (float) r.nextGaussian();
                    d[(c * h + y) * w + x] = Math.min(Math.max(v, 0f), 1f);
                }
            }
        }
        return Tensor.of(d, 3, h, w);
    }
}
