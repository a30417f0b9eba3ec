package dev.linf.runner;

import dev.linf.fourier.FourierEnsemble.FeatureMaps;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.ReferenceKernels;
import dev.linf.model.Evaluation;
import dev.linf.model.LinfModel;
import dev.linf.model.NoiseSource;
import dev.linf.model.OutputSize;
import dev.linf.model.PatchGrid;
import dev.linf.model.PatchResiduals;
import dev.linf.model.PixelQueries;
import dev.linf.model.PixelSink;
import dev.linf.model.PixelWriter;
import dev.linf.model.QueryGrid;
import dev.linf.model.ReplayedNoise;
import dev.linf.spi.KernelsProvider;
import dev.linf.tensor.Tensor;
import java.util.Objects;

/**
 * How a {@link LinfModel} runs: on which kernels, with how many threads per call, in tiles of
 * what size; each call's progress and cancellation go through a {@link Monitor}. Immutable and
 * thread-safe; each call creates its own threads and working memory. By default a runner uses the
 * fastest kernels on the class path (linf-cpu's Vector API kernels) and one thread per processor;
 * the scalar reference only when asked for with {@link #withKernels}.
 *
 * <pre>{@code
 * ModelRunner runner = ModelRunner.of(Checkpoints.load(Path.of("edsr-baseline-linf.pth")));
 * Tensor hr = runner.upscale(lr, 2.5, 0f, new SeededNoise(0)); // T = 0: deterministic
 * }</pre>
 */
public final class ModelRunner {
    /** {@link #withTileSize Tile size} meaning: chosen from the JVM's maximum heap (the default). */
    public static final int AUTO_TILE = 0;

    private final LinfModel model;
    private final Kernels kernels;
    private final boolean kernelsChosen;
    private final int threads;
    private final int tileSize;

    private ModelRunner(LinfModel model, Kernels kernels, boolean kernelsChosen, int threads, int tileSize) {
        this.model = Objects.requireNonNull(model, "model");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.kernelsChosen = kernelsChosen;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (tileSize < 0) {
            throw new IllegalArgumentException("tile size must be >= 1, or 0 for automatic, got " + tileSize);
        }
        this.threads = threads;
        this.tileSize = tileSize;
    }

    /**
     * A runner on the fastest kernels on the class path, one thread per processor, automatic tiles.
     *
     * @param model the model
     * @return the runner
     */
    public static ModelRunner of(LinfModel model) {
        return new ModelRunner(model, KernelsProvider.fastest(), false,
                Runtime.getRuntime().availableProcessors(), AUTO_TILE);
    }

    /**
     * The same runner computing with {@code other} kernels (e.g. {@link ReferenceKernels#INSTANCE},
     * the scalar reference).
     *
     * @param other the kernels
     * @return a new runner
     */
    public ModelRunner withKernels(Kernels other) {
        return new ModelRunner(model, other, true, threads, tileSize);
    }

    /**
     * The same runner using {@code n} threads per call (created for the call, closed after it).
     * Results are bit-identical for every thread count.
     *
     * @param n threads, at least 1
     * @return a new runner
     */
    public ModelRunner withThreads(int n) {
        return new ModelRunner(model, kernels, kernelsChosen, n, tileSize);
    }

    /**
     * The same runner encoding images larger than {@code lrPixels} in either direction tile by tile
     * (cores of at most lrPixels x lrPixels LR pixels, plus the receptive margin), which bounds the
     * encoder's memory; {@link #AUTO_TILE} (the default) encodes an image whole when its feature
     * maps fit in 3/4 of the maximum heap and otherwise picks the largest tiles that do. Results
     * are bit-identical for every tile size. Encoders whose features are not local (SwinIR) always
     * encode the whole image.
     *
     * @param lrPixels tile side in LR pixels, or {@link #AUTO_TILE}
     * @return a new runner
     */
    public ModelRunner withTileSize(int lrPixels) {
        return new ModelRunner(model, kernels, kernelsChosen, threads, lrPixels);
    }

    /** {@return the model} */
    public LinfModel model() {
        return model;
    }

    /** {@return the kernels computations run on} */
    public Kernels kernels() {
        return kernels;
    }

    /** {@return threads per call} */
    public int threads() {
        return threads;
    }

    /** {@return the tile side in LR pixels, or {@link #AUTO_TILE}} */
    public int tileSize() {
        return tileSize;
    }

    /**
     * One line for logs: the model, kernels, threads and, when the fast kernels were wanted but
     * cannot be used, why and how to fix it.
     *
     * @return the description
     */
    public String describe() {
        String why = "";
        if (kernels == ReferenceKernels.INSTANCE) {
            why = kernelsChosen ? " (as asked)"
                    : KernelsProvider.whyNotFast().map(r -> "; fast kernels not used: " + r).orElse("");
        }
        return model.describe() + ", " + kernels.name() + " kernels" + why + ", " + threads + " thread(s)";
    }

    /**
     * Upscales an image in [0, 1] to {@code outHeight x outWidth}: the model's prediction mapped
     * back with {@code clamp(pred * 0.5 + 0.5, 0, 1)}, as the official test script does.
     *
     * @param image (3, h, w) in [0, 1]
     * @param outHeight output rows
     * @param outWidth output columns
     * @param temperature sampling temperature, 0 for the deterministic result
     * @param noise the latents' source when the temperature is above 0
     * @return (3, outHeight, outWidth) in [0, 1]
     */
    public Tensor upscale(Tensor image, int outHeight, int outWidth, float temperature, NoiseSource noise) {
        OutputSize.check(outHeight, outWidth);
        Tensor out = Tensor.zeros(3, outHeight, outWidth);
        upscale(image, outHeight, outWidth, temperature, noise, PixelSink.into(out), Monitor.none());
        return out;
    }

    /**
     * Upscales by {@code scale}: the output is round(h * s) x round(w * s), as the official code.
     *
     * @param image (3, h, w) in [0, 1]
     * @param scale the factor
     * @param temperature sampling temperature
     * @param noise the latents' source
     * @return (3, H, W) in [0, 1]
     */
    public Tensor upscale(Tensor image, double scale, float temperature, NoiseSource noise) {
        return upscale(image, OutputSize.scaled(image.dim(1), scale), OutputSize.scaled(image.dim(2), scale),
                temperature, noise);
    }

    /**
     * {@link #upscale(Tensor, int, int, float, NoiseSource)} streaming each pixel to {@code sink}
     * instead of building a float tensor (with tiling, working memory then stays bounded whatever
     * the output size), reporting progress to, and stopping with a
     * {@link java.util.concurrent.CancellationException} when told by, {@code monitor}.
     *
     * @param image (3, h, w) in [0, 1]
     * @param outHeight output rows
     * @param outWidth output columns
     * @param temperature sampling temperature
     * @param noise the latents' source
     * @param sink receives each output pixel once, clamped to [0, 1]
     * @param monitor progress and cancellation
     */
    public void upscale(Tensor image, int outHeight, int outWidth, float temperature, NoiseSource noise,
            PixelSink sink, Monitor monitor) {
        OutputSize.check(outHeight, outWidth);
        render(model.evaluation(image, outHeight, outWidth), temperature, noise, monitor,
                (row, col, r, g, b) -> sink.put(row, col, toUnit(r), toUnit(g), toUnit(b)));
    }

    /**
     * The raw prediction (official {@code pred_norm}, [-1, 1] space, not clamped) of upscaling an
     * image in [0, 1] to H x W along the official evaluation path of this model.
     *
     * @param image (3, h, w) in [0, 1]
     * @param outHeight H
     * @param outWidth W
     * @param temperature sampling temperature
     * @param noise the latents' source
     * @return (3, H, W)
     */
    public Tensor predictImage(Tensor image, int outHeight, int outWidth, float temperature, NoiseSource noise) {
        OutputSize.check(outHeight, outWidth);
        Tensor out = Tensor.zeros(3, outHeight, outWidth);
        render(model.evaluation(image, outHeight, outWidth), temperature, noise, Monitor.none(), writeInto(out));
        return out;
    }

    /**
     * The raw prediction in [-1, 1] space (official {@code pred_norm}) of a one-pixel-per-query
     * model: (3, rows, cols) for the queries of {@code grid}, given the normalised input {@code inp}.
     *
     * @param inp normalised input (3, h, w)
     * @param grid the queries
     * @param temperature sampling temperature
     * @param noise the latents' source
     * @return (3, rows, cols)
     */
    public Tensor predict(Tensor inp, QueryGrid grid, float temperature, NoiseSource noise) {
        if (model.patchSize() > 1) {
            throw new IllegalStateException("a patch model predicts whole images: use predictPatches");
        }
        Tensor out = Tensor.zeros(3, grid.rows(), grid.cols());
        render(new Evaluation(inp, grid, grid.rows(), grid.cols()), temperature, noise, Monitor.none(),
                writeInto(out));
        return out;
    }

    /**
     * LINF-patch's raw prediction (official {@code pred_norm}) of an H x W output on the patch grid
     * whose cell is that of the H x W output (the training wrapper's).
     *
     * @param inp normalised input (3, h, w)
     * @param height H
     * @param width W
     * @param temperature sampling temperature
     * @param noise the latents' source
     * @return (3, H, W)
     */
    public Tensor predictPatches(Tensor inp, int height, int width, float temperature, NoiseSource noise) {
        QueryGrid grid = PatchGrid.of(height, width, (float) (2.0 / height), (float) (2.0 / width));
        Tensor out = Tensor.zeros(3, height, width);
        render(new Evaluation(inp, grid, height, width), temperature, noise, Monitor.none(), writeInto(out));
        return out;
    }

    private static PixelWriter writeInto(Tensor out) {
        float[] pred = out.data();
        int plane = out.dim(1) * out.dim(2);
        int w = out.dim(2);
        return (row, col, r, g, b) -> {
            int p = row * w + col;
            pred[p] = r;
            pred[plane + p] = g;
            pred[2 * plane + p] = b;
        };
    }

    /** The official {@code clamp(pred * 0.5 + 0.5, 0, 1)}. */
    private static float toUnit(float v) {
        return Math.min(Math.max(v * 0.5f + 0.5f, 0f), 1f);
    }

    /** Samples the flow at every query of {@code e} and lets the model's protocol write the pixels. */
    private void render(Evaluation e, float temperature, NoiseSource noise, Monitor monitor, PixelWriter writer) {
        LinfModel.requireImage(e.input(), "input");
        if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        QueryGrid grid = e.grid();
        var flow = model.flow();
        if (noise instanceof ReplayedNoise replayed) {
            replayed.requireShape(grid.rows(), grid.cols(), flow.dim());
        }
        int d = flow.dim();
        int len = flow.conditionLength();
        var protocol = model.protocol();
        blocks().run(e.input(), grid, monitor, (s, sub, global, start, count) -> {
            long t0 = System.nanoTime();
            float[] scales = s.scales(count * len);
            kernels.flowScales(s.theta, 0, count * len, scales, 0);
            double[] z = null; // the zero latent at T = 0
            if (temperature > 0f) {
                z = s.z(count * d);
                for (int q = 0; q < count; q++) {
                    int query = global.applyAsInt(start + q);
                    noise.draw(query / grid.cols(), query % grid.cols(), s.eps, 0, d);
                    for (int i = 0; i < d; i++) {
                        z[q * d + i] = s.eps[i] * temperature; // float32 product, as the official z
                    }
                }
            }
            double[] x = s.x(count * d);
            flow.inverseBlock(count, z, s.theta, scales, x, s.flowWork(flow, count));
            monitor.time(StageTimes.Stage.FLOW, t0);
            long t1 = System.nanoTime();
            for (int q = 0; q < count; q++) {
                protocol.emit(e, sub, start + q, global.applyAsInt(start + q), x, q * d, writer);
            }
            monitor.time(StageTimes.Stage.OUTPUT, t1);
        });
    }

    private QueryBlocks blocks() {
        return new QueryBlocks(model, kernels, threads, tileSize);
    }

    /**
     * Log-likelihood (natural log) of HR colours {@code gt} (3, rows, cols) in [-1, 1] space at the
     * queries of {@code grid}, given the normalised LR input: the official {@code log_p}, one
     * value per query in row-major order.
     *
     * @param inp normalised input (3, h, w)
     * @param grid the queries
     * @param gt HR colours in [-1, 1], (3, rows, cols)
     * @return one value per query
     */
    public double[] logLikelihood(Tensor inp, QueryGrid grid, Tensor gt) {
        if (model.patchSize() > 1) {
            throw new IllegalStateException("a patch model scores residual patches: use logLikelihoodOfResiduals");
        }
        LinfModel.requireImage(inp, "input");
        gt.requireShape("HR target", 3, grid.rows(), grid.cols());
        int n = grid.size();
        float[] residual = new float[3 * n]; // the official gt - grid_sample(inp), in float32
        for (int c = 0; c < 3; c++) {
            for (int q = 0; q < n; q++) {
                residual[c * n + q] = gt.data()[c * n + q] - PixelQueries.base(inp, c, grid.y(q), grid.x(q));
            }
        }
        return logLikelihoodOfResiduals(inp, grid, Tensor.of(residual, 3, grid.rows(), grid.cols()));
    }

    /**
     * The full-grid log-likelihood of an HR image {@code hr} (3, H, W) in [-1, 1] space given the
     * normalised LR input, one value per HR pixel (row-major): of its colour for one-pixel models;
     * for LINF-patch, of the residual patch centred there ({@link PatchResiduals}), as the official
     * training wrapper forms them.
     *
     * @param inp normalised input (3, h, w)
     * @param hr HR image in [-1, 1], (3, H, W)
     * @return H x W values
     */
    public double[] logLikelihoodPerPixel(Tensor inp, Tensor hr) {
        QueryGrid grid = QueryGrid.full(hr.dim(1), hr.dim(2));
        if (model.patchSize() > 1) {
            return logLikelihoodOfResiduals(inp, grid, PatchResiduals.everyPixel(inp, hr));
        }
        return logLikelihood(inp, grid, hr);
    }

    /**
     * Log-likelihood (natural log) of residuals {@code residuals} (D, rows, cols) at the queries of
     * {@code grid}: the flow's density with nothing subtracted, as the official {@code query_log_p}
     * of LINF-patch takes its 27-dimensional residual patches (see {@link PatchResiduals}).
     *
     * @param inp normalised input (3, h, w)
     * @param grid the queries
     * @param residuals (D, rows, cols)
     * @return one value per query
     */
    public double[] logLikelihoodOfResiduals(Tensor inp, QueryGrid grid, Tensor residuals) {
        LinfModel.requireImage(inp, "input");
        var flow = model.flow();
        int d = flow.dim();
        residuals.requireShape("residuals", d, grid.rows(), grid.cols());
        int n = grid.size();
        double[] logp = new double[n];
        blocks().run(inp, grid, Monitor.none(), (s, sub, global, start, count) -> {
            double[] residual = new double[d];
            for (int q = 0; q < count; q++) {
                int query = global.applyAsInt(start + q);
                for (int c = 0; c < d; c++) {
                    residual[c] = residuals.data()[c * n + query];
                }
                logp[query] = flow.logLikelihood(residual, s.theta, q * flow.conditionLength());
            }
        });
        return logp;
    }

    /**
     * The flow conditions of every query of {@code grid} (row-major, {@code conditionLength()} each)
     * for the normalised input {@code inp}: what the MLP hands the flow.
     *
     * @param inp normalised input (3, h, w)
     * @param grid the queries
     * @return grid.size() x conditionLength values
     */
    public float[] conditions(Tensor inp, QueryGrid grid) {
        LinfModel.requireImage(inp, "input");
        int len = model.flow().conditionLength();
        float[] all = new float[Math.multiplyExact(grid.size(), len)];
        blocks().run(inp, grid, Monitor.none(), (s, sub, global, start, count) -> {
            for (int q = 0; q < count; q++) {
                System.arraycopy(s.theta, q * len, all, global.applyAsInt(start + q) * len, len);
            }
        });
        return all;
    }

    /**
     * The Fourier features and MLP output (flow conditions) of queries {@code start .. start+count}
     * of {@code grid}, written to {@code theta} (count x conditionLength).
     *
     * @param maps the ensemble's prepared feature maps
     * @param grid the queries
     * @param start first query
     * @param count number of queries
     * @param theta receives the conditions
     */
    public void conditions(FeatureMaps maps, QueryGrid grid, int start, int count, float[] theta) {
        blocks().conditions(maps, grid, start, count, theta, new Scratch(), Monitor.none());
    }
}
