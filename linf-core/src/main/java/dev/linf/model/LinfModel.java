package dev.linf.model;

import dev.linf.encoder.Encoder;
import dev.linf.flow.ConditionalFlow;
import dev.linf.fourier.FourierEnsemble;
import dev.linf.fourier.FourierEnsemble.FeatureMaps;
import dev.linf.kernels.GridSample;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.kernels.ReferenceKernels;
import dev.linf.mlp.ImplicitMlp;
import dev.linf.tensor.Tensor;
import java.util.function.IntUnaryOperator;

/**
 * A LINF model (one pixel per query): encoder, Fourier-feature ensemble, implicit MLP and
 * conditional flow. Immutable and thread-safe; each call allocates its own working memory.
 *
 * <pre>{@code
 * LinfModel model = Checkpoints.load(Path.of("edsr-baseline-linf.pth"));
 * Tensor lr = Images.toTensor(ImageIO.read(file));            // (3, h, w) in [0, 1]
 * Tensor hr = model.upscale(lr, 2.5, 0f, new SeededNoise(0)); // T = 0: deterministic
 * }</pre>
 */
public final class LinfModel {
    /**
     * Queries processed together: a multiple of the fast GEMM's 6-row register block, and small
     * enough that the block's 1024-wide features (288 KB) stay in L2.
     */
    private static final int BLOCK = 72;

    private final Encoder encoder;
    private final FourierEnsemble ensemble;
    private final ImplicitMlp mlp;
    private final ConditionalFlow flow;
    private final Kernels kernels;
    private final int threads;
    private final int tileSize;

    /** {@link #withTileSize Tile size} meaning: chosen from the JVM's maximum heap (the default). */
    public static final int AUTO_TILE = 0;

    /** A model on the scalar reference kernels, one thread. */
    public LinfModel(Encoder encoder, FourierEnsemble ensemble, ImplicitMlp mlp, ConditionalFlow flow) {
        this(encoder, ensemble, mlp, flow, ReferenceKernels.INSTANCE, 1, AUTO_TILE);
    }

    private LinfModel(Encoder encoder, FourierEnsemble ensemble, ImplicitMlp mlp, ConditionalFlow flow,
            Kernels kernels, int threads, int tileSize) {
        if (encoder.outChannels() != ensemble.inChannels()) {
            throw new IllegalArgumentException("the encoder gives " + encoder.outChannels()
                    + " channels but coef/freq take " + ensemble.inChannels());
        }
        if (mlp.inFeatures() != ensemble.featureLength()) {
            throw new IllegalArgumentException("the MLP takes " + mlp.inFeatures() + " features but the Fourier"
                    + " ensemble gives " + ensemble.featureLength());
        }
        if (mlp.outFeatures() != flow.conditionLength()) {
            throw new IllegalArgumentException("the MLP gives " + mlp.outFeatures() + " values but the flow needs "
                    + flow.conditionLength());
        }
        if (flow.dim() != 3 && flow.dim() != 3 * PatchGrid.PATCH * PatchGrid.PATCH) {
            throw new IllegalArgumentException("the flow must be 3-dimensional (one pixel per query) or 27-dimensional"
                    + " (3x3 patches), got " + flow.dim());
        }
        if (flow.dim() != 3 && encoder.mirrorPadWindow() > 0) {
            throw new IllegalArgumentException("patch models with a window-padded encoder do not exist officially");
        }
        this.encoder = encoder;
        this.ensemble = ensemble;
        this.mlp = mlp;
        this.flow = flow;
        this.kernels = kernels;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        if (tileSize < 0) {
            throw new IllegalArgumentException("tile size must be >= 1, or 0 for automatic, got " + tileSize);
        }
        this.tileSize = tileSize;
    }

    /** The same model computing with other kernels. */
    public LinfModel withKernels(Kernels other) {
        return new LinfModel(encoder, ensemble, mlp, flow, other, threads, tileSize);
    }

    /**
     * The same model using {@code n} threads per call (created for the call, closed after it).
     * Results are bit-identical for every thread count.
     */
    public LinfModel withThreads(int n) {
        return new LinfModel(encoder, ensemble, mlp, flow, kernels, n, tileSize);
    }

    /**
     * The same model encoding images larger than {@code lrPixels} in either direction tile by tile
     * (cores of at most lrPixels x lrPixels LR pixels, plus the receptive margin), which bounds the
     * encoder's memory; {@link #AUTO_TILE} (the default) encodes an image whole when its feature
     * maps fit in 3/4 of the maximum heap and otherwise picks the largest tiles that do. Results
     * are bit-identical for every tile size.
     */
    public LinfModel withTileSize(int lrPixels) {
        return new LinfModel(encoder, ensemble, mlp, flow, kernels, threads, lrPixels);
    }

    public int tileSize() {
        return tileSize;
    }

    public int threads() {
        return threads;
    }

    public Encoder encoder() {
        return encoder;
    }

    public FourierEnsemble ensemble() {
        return ensemble;
    }

    public ImplicitMlp mlp() {
        return mlp;
    }

    public ConditionalFlow flow() {
        return flow;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** Pixels per query side: 1, or 3 for LINF-patch (27-dimensional flow). */
    public int patchSize() {
        return flow.dim() == 3 ? 1 : PatchGrid.PATCH;
    }

    public long parameterCount() {
        return encoder.parameterCount() + ensemble.parameterCount() + mlp.parameterCount() + flow.parameterCount();
    }

    /** One line: encoder, sizes and parameter count. */
    public String describe() {
        return String.format("LINF%s (%s encoder, %d-wide Fourier ensemble, %d-layer MLP, %d-step flow on D=%d),"
                        + " %,d parameters, %s kernels, %d thread(s)", patchSize() == 1 ? "" : "-patch (3x3 patches)",
                encoder.name(), ensemble.hidden(), mlp.layers().size(),
                flow.steps(), flow.dim(), parameterCount(), kernels.name(), threads);
    }

    /**
     * Upscales an image in [0, 1] to {@code outHeight x outWidth}: the model's prediction mapped
     * back with {@code clamp(pred * 0.5 + 0.5, 0, 1)}, as the official test script does (including
     * its cell clipping above x30, see {@link QueryGrid#forUpscale}).
     */
    public Tensor upscale(Tensor image, int outHeight, int outWidth, float temperature, NoiseSource noise) {
        Tensor out = Tensor.zeros(3, outHeight, outWidth);
        upscale(image, outHeight, outWidth, temperature, noise, PixelSink.into(out));
        return out;
    }

    /**
     * {@link #upscale(Tensor, int, int, float, NoiseSource)} streaming each pixel to {@code sink}
     * instead of building a float tensor: with tiling, working memory then stays bounded whatever
     * the output size.
     */
    public void upscale(Tensor image, int outHeight, int outWidth, float temperature, NoiseSource noise,
            PixelSink sink) {
        upscale(image, outHeight, outWidth, temperature, noise, sink, Monitor.none());
    }

    /**
     * {@link #upscale(Tensor, int, int, float, NoiseSource, PixelSink)} reporting progress to, and
     * stopping with a {@link java.util.concurrent.CancellationException} when told by, {@code monitor}.
     */
    public void upscale(Tensor image, int outHeight, int outWidth, float temperature, NoiseSource noise,
            PixelSink sink, Monitor monitor) {
        OutputSize.check(outHeight, outWidth);
        render(image, outHeight, outWidth, temperature, noise, monitor,
                (row, col, r, g, b) -> sink.put(row, col, toUnit(r), toUnit(g), toUnit(b)));
    }

    /**
     * The raw prediction (official {@code pred_norm}, [-1, 1] space, not clamped) of upscaling an
     * image in [0, 1] to H x W along the official evaluation path of this model.
     */
    public Tensor predictImage(Tensor image, int outHeight, int outWidth, float temperature, NoiseSource noise) {
        OutputSize.check(outHeight, outWidth);
        Tensor out = Tensor.zeros(3, outHeight, outWidth);
        render(image, outHeight, outWidth, temperature, noise, Monitor.none(), writeInto(out));
        return out;
    }

    /** What the official evaluation feeds the model: the normalised (maybe padded) input and the queries. */
    public record Evaluation(Tensor input, QueryGrid grid) {
    }

    /**
     * The official evaluation's input and query grid for upscaling {@code image} (in [0, 1]) to H x W:
     * the full pixel grid; the mirror-padded input and padded-frame grid for SwinIR (spec section
     * 7.4); the patch-centre grid for LINF-patch (spec section 6).
     */
    public Evaluation evaluation(Tensor image, int outHeight, int outWidth) {
        Tensor inp = normalise(image);
        int h = inp.dim(1);
        int w = inp.dim(2);
        if (patchSize() > 1) {
            return new Evaluation(inp, PatchGrid.forUpscale(h, w, outHeight, outWidth));
        }
        int window = encoder.mirrorPadWindow();
        if (window > 0) {
            return new Evaluation(MirrorPad.pad(inp, window), MirrorPad.grid(h, w, outHeight, outWidth, window));
        }
        return new Evaluation(inp, QueryGrid.forUpscale(h, w, outHeight, outWidth));
    }

    private void render(Tensor image, int outHeight, int outWidth, float temperature, NoiseSource noise,
            Monitor monitor, PixelWriter writer) {
        Evaluation e = evaluation(image, outHeight, outWidth);
        if (patchSize() > 1) {
            predictPatches(e.input(), e.grid(), outHeight, outWidth, temperature, noise, monitor, writer);
        } else {
            predict(e.input(), e.grid(), temperature, noise, monitor, writer);
        }
    }

    /**
     * The shape (rows, cols, D) of the latents the official code draws when this model upscales
     * h x w to H x W, the layout {@link ReplayedNoise} replays: (H, W, 3) for one pixel per query;
     * the patch grid's (H/3 + 1, W/3 + 1, 27) for LINF-patch; SwinIR's padded grid (s hp, s wp, 3)
     * for an integer factor s (output queries are its top-left H x W).
     */
    public int[] latentShape(int inHeight, int inWidth, int outHeight, int outWidth) {
        if (patchSize() > 1) {
            return new int[] {PatchGrid.patches(outHeight), PatchGrid.patches(outWidth), flow.dim()};
        }
        int window = encoder.mirrorPadWindow();
        if (window > 0) {
            int rows = outHeight % inHeight == 0 ? outHeight / inHeight * MirrorPad.padded(inHeight, window) : outHeight;
            int cols = outWidth % inWidth == 0 ? outWidth / inWidth * MirrorPad.padded(inWidth, window) : outWidth;
            return new int[] {rows, cols, 3};
        }
        return new int[] {outHeight, outWidth, 3};
    }

    /** The official {@code clamp(pred * 0.5 + 0.5, 0, 1)}. */
    private static float toUnit(float v) {
        return Math.min(Math.max(v * 0.5f + 0.5f, 0f), 1f);
    }

    /** Upscales by {@code scale}: the output is round(h * s) x round(w * s), as the official code. */
    public Tensor upscale(Tensor image, double scale, float temperature, NoiseSource noise) {
        return upscale(image, OutputSize.scaled(image.dim(1), scale), OutputSize.scaled(image.dim(2), scale),
                temperature, noise);
    }

    /** {@code (x - 0.5) / 0.5}: the [0, 1] image to the model's [-1, 1] input, in float32. */
    public static Tensor normalise(Tensor image) {
        requireImage(image, "image");
        float[] src = image.data();
        float[] dst = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            dst[i] = (src[i] - 0.5f) / 0.5f;
        }
        return Tensor.of(dst, image.shape());
    }

    /**
     * The raw prediction in [-1, 1] space (official {@code pred_norm}, before the clamp):
     * (3, rows, cols) for the queries of {@code grid}, given the normalised input {@code inp}.
     * With {@code temperature == 0} the latent is zero and the result deterministic.
     */
    public Tensor predict(Tensor inp, QueryGrid grid, float temperature, NoiseSource noise) {
        if (patchSize() > 1) {
            throw new IllegalStateException("a patch model predicts whole images: use predictPatches");
        }
        Tensor out = Tensor.zeros(3, grid.rows(), grid.cols());
        predict(inp, grid, temperature, noise, Monitor.none(), writeInto(out));
        return out;
    }

    /**
     * LINF-patch's raw prediction (official {@code pred_norm}) of an H x W output: every query of the
     * patch grid gives a 3x3 patch (element {@code c*9 + a*3 + b} = channel c, patch row a, column b),
     * folded, cropped to H x W, plus the {@code interpolate} bilinear base (spec section 6).
     */
    public Tensor predictPatches(Tensor inp, int height, int width, float temperature, NoiseSource noise) {
        QueryGrid grid = PatchGrid.of(height, width, (float) (2.0 / height), (float) (2.0 / width));
        Tensor out = Tensor.zeros(3, height, width);
        predictPatches(inp, grid, height, width, temperature, noise, Monitor.none(), writeInto(out));
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

    /** Where a prediction goes: raw values of output pixel (row, col). */
    private interface PixelWriter {
        void put(int row, int col, float r, float g, float b);
    }

    /** One pixel per query: the flow's residual plus the bilinear base sampled at the query. */
    private void predict(Tensor inp, QueryGrid grid, float temperature, NoiseSource noise, Monitor monitor,
            PixelWriter writer) {
        sample(inp, grid, temperature, noise, monitor, (sub, local, query, x, off) -> {
            float y = sub.y(local);
            float xc = sub.x(local);
            writer.put(query / grid.cols(), query % grid.cols(), (float) x[off] + base(inp, 0, y, xc),
                    (float) x[off + 1] + base(inp, 1, y, xc), (float) x[off + 2] + base(inp, 2, y, xc));
        });
    }

    /** Nine pixels per query: the folded 3x3 residual patch plus the resized LR, cropped to H x W. */
    private void predictPatches(Tensor inp, QueryGrid grid, int height, int width, float temperature,
            NoiseSource noise, Monitor monitor, PixelWriter writer) {
        int p = PatchGrid.PATCH;
        int h = inp.dim(1);
        int w = inp.dim(2);
        float[] img = inp.data();
        sample(inp, grid, temperature, noise, monitor, (sub, local, query, x, off) -> {
            int row0 = query / grid.cols() * p;
            int col0 = query % grid.cols() * p;
            for (int a = 0; a < p && row0 + a < height; a++) {
                for (int b = 0; b < p && col0 + b < width; b++) {
                    int row = row0 + a;
                    int col = col0 + b;
                    int k = a * p + b;
                    writer.put(row, col, (float) x[off + k] + resized(img, h, w, 0, height, width, row, col),
                            (float) x[off + p * p + k] + resized(img, h, w, 1, height, width, row, col),
                            (float) x[off + 2 * p * p + k] + resized(img, h, w, 2, height, width, row, col));
                }
            }
        });
    }

    private static float resized(float[] img, int h, int w, int c, int height, int width, int row, int col) {
        return GridSample.resizeBilinear(img, h, w, c, height, width, row, col);
    }

    /** Receives one query's flow output {@code x[off .. off + D)}. */
    private interface SampleWriter {
        void put(QueryGrid sub, int local, int query, double[] x, int off);
    }

    private void sample(Tensor inp, QueryGrid grid, float temperature, NoiseSource noise, Monitor monitor,
            SampleWriter writer) {
        requireImage(inp, "input");
        if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (noise instanceof ReplayedNoise replayed) {
            replayed.requireShape(grid.rows(), grid.cols(), flow.dim());
        }
        int d = flow.dim();
        int len = flow.conditionLength();
        forEachBlock(inp, grid, monitor, (s, sub, global, start, count) -> {
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
            flow.inverseBlock(count, z, s.theta, scales, x, s.flowWork(2 * d * count));
            for (int q = 0; q < count; q++) {
                writer.put(sub, start + q, global.applyAsInt(start + q), x, q * d);
            }
        });
    }

    /**
     * Log-likelihood (natural log) of HR colours {@code gt} (3, rows, cols) in [-1, 1] space at the
     * queries of {@code grid}, given the normalised LR input: the official {@code log_p}, one
     * value per query in row-major order.
     */
    public double[] logLikelihood(Tensor inp, QueryGrid grid, Tensor gt) {
        if (patchSize() > 1) {
            throw new IllegalStateException("a patch model scores residual patches: use logLikelihoodOfResiduals");
        }
        requireImage(inp, "input");
        gt.requireShape("HR target", 3, grid.rows(), grid.cols());
        int n = grid.size();
        float[] residual = new float[3 * n]; // the official gt - grid_sample(inp), in float32
        for (int c = 0; c < 3; c++) {
            for (int q = 0; q < n; q++) {
                residual[c * n + q] = gt.data()[c * n + q] - base(inp, c, grid.y(q), grid.x(q));
            }
        }
        return logLikelihoodOfResiduals(inp, grid, Tensor.of(residual, 3, grid.rows(), grid.cols()));
    }

    /**
     * The full-grid log-likelihood of an HR image {@code hr} (3, H, W) in [-1, 1] space given the
     * normalised LR input, one value per HR pixel (row-major): of its colour for one-pixel models;
     * for LINF-patch, of the residual patch centred there ({@link PatchResiduals}), as the official
     * training wrapper forms them.
     */
    public double[] logLikelihoodPerPixel(Tensor inp, Tensor hr) {
        QueryGrid grid = QueryGrid.full(hr.dim(1), hr.dim(2));
        if (patchSize() > 1) {
            return logLikelihoodOfResiduals(inp, grid, PatchResiduals.everyPixel(inp, hr));
        }
        return logLikelihood(inp, grid, hr);
    }

    /**
     * Log-likelihood (natural log) of residuals {@code residuals} (D, rows, cols) at the queries of
     * {@code grid}: the flow's density with nothing subtracted, as the official {@code query_log_p}
     * of LINF-patch takes its 27-dimensional residual patches (see {@link PatchResiduals}).
     */
    public double[] logLikelihoodOfResiduals(Tensor inp, QueryGrid grid, Tensor residuals) {
        requireImage(inp, "input");
        int d = flow.dim();
        residuals.requireShape("residuals", d, grid.rows(), grid.cols());
        int n = grid.size();
        double[] logp = new double[n];
        forEachBlock(inp, grid, Monitor.none(), (s, sub, global, start, count) -> {
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
     * Work on queries {@code start .. start + count} of the (sub-)grid {@code sub}, whose flow
     * conditions are already in {@code s.theta}; {@code global} maps a query of {@code sub} to its
     * row-major index in the whole grid.
     */
    private interface BlockWork {
        void run(Scratch s, QueryGrid sub, IntUnaryOperator global, int start, int count);
    }

    /**
     * Tile by tile (usually one tile, see {@link #withTileSize}): encodes the tile's LR window, then,
     * block by block of its queries on this model's threads, computes the flow conditions and hands
     * them to {@code work}. Blocks and tiles are independent, so results depend on neither the thread
     * count nor the tiling.
     */
    private void forEachBlock(Tensor inp, QueryGrid grid, Monitor monitor, BlockWork work) {
        int h = inp.dim(1);
        int w = inp.dim(2);
        int margin = encoder.receptiveRadius() + ensemble.receptiveRadius();
        java.util.List<Tiling.Tile> tiles = Tiling.plan(grid, h, w, tileSize(h, w, margin), margin);
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        double total = grid.size();
        try (Parallel par = Parallel.of(threads)) {
            for (int ti = 0; ti < tiles.size(); ti++) {
                Tiling.Tile t = tiles.get(ti);
                String stage = tiles.size() == 1 ? "" : " (tile " + (ti + 1) + " of " + tiles.size() + ")";
                monitor.checkCancelled();
                monitor.report(done.get() / total, "encoding" + stage);
                Tiling.Span rows = t.rows();
                Tiling.Span cols = t.cols();
                Tensor window = crop(inp, rows.lr0(), rows.lrLen(), cols.lr0(), cols.lrLen());
                Tensor feat = encoder.encode(window, kernels, par);
                // An encoder that pads internally (SwinIR off its window grid) hands back a larger map,
                // which the official code then addresses as the whole image.
                boolean whole = tiles.size() == 1;
                FeatureMaps maps = ensemble.prepare(feat, whole ? feat.dim(1) : h, whole ? feat.dim(2) : w, rows.lr0(),
                        cols.lr0(), kernels, par);
                QueryGrid sub = grid.sub(rows.out0(), rows.outLen(), cols.out0(), cols.outLen());
                IntUnaryOperator global = sub == grid ? IntUnaryOperator.identity()
                        : q -> (rows.out0() + q / sub.cols()) * grid.cols() + cols.out0() + q % sub.cols();
                int n = sub.size();
                par.forEach((n + BLOCK - 1) / BLOCK, Scratch::new, (s, block) -> {
                    monitor.checkCancelled();
                    int start = block * BLOCK;
                    int count = Math.min(BLOCK, n - start);
                    conditions(maps, sub, start, count, s.theta(count * flow.conditionLength()), s);
                    work.run(s, sub, global, start, count);
                    monitor.report(done.addAndGet(count) / total, "querying" + stage);
                });
            }
        }
    }

    /** The tile size to use on an h x w image: the set one, or for {@link #AUTO_TILE} one from the heap. */
    private int tileSize(int h, int w, int margin) {
        if (!encoder.tileable()) {
            return Math.max(h, w);
        }
        if (tileSize != AUTO_TILE) {
            return tileSize;
        }
        // Bytes per LR pixel while encoding: ~4 encoder-width maps (activations, residual, padded
        // copies) and the coef/freq maps plus a padded copy, in float32.
        long perPixel = 4L * (4L * encoder.outChannels() + 3L * ensemble.hidden());
        long budget = Runtime.getRuntime().maxMemory() / 4 * 3;
        if ((long) h * w * perPixel <= budget) {
            return Math.max(h, w);
        }
        int side = (int) Math.sqrt(budget / (double) perPixel);
        return Math.max(16, side - 2 * margin);
    }

    /** Rows {@code r0 ..} and columns {@code c0 ..} of a (C, h, w) tensor (itself when that is all of it). */
    private static Tensor crop(Tensor t, int r0, int rows, int c0, int cols) {
        int ch = t.dim(0);
        int h = t.dim(1);
        int w = t.dim(2);
        if (r0 == 0 && c0 == 0 && rows == h && cols == w) {
            return t;
        }
        float[] src = t.data();
        float[] dst = new float[ch * rows * cols];
        for (int c = 0; c < ch; c++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, (c * h + r0 + r) * w + c0, dst, (c * rows + r) * cols, cols);
            }
        }
        return Tensor.of(dst, ch, rows, cols);
    }

    /** Bilinear LR colour at a query (border padding): the base the flow's residual is added to. */
    private static float base(Tensor inp, int channel, float cy, float cx) {
        return GridSample.bilinearBorder(inp.data(), inp.dim(1), inp.dim(2), channel, cy, cx);
    }

    /**
     * The flow conditions of every query of {@code grid} (row-major, {@code conditionLength()} each)
     * for the normalised input {@code inp}: what the MLP hands the flow.
     */
    public float[] conditions(Tensor inp, QueryGrid grid) {
        requireImage(inp, "input");
        int len = flow.conditionLength();
        float[] all = new float[Math.multiplyExact(grid.size(), len)];
        forEachBlock(inp, grid, Monitor.none(), (s, sub, global, start, count) -> {
            for (int q = 0; q < count; q++) {
                System.arraycopy(s.theta, q * len, all, global.applyAsInt(start + q) * len, len);
            }
        });
        return all;
    }

    /**
     * The Fourier features and MLP output (flow conditions) of queries {@code start .. start+count}
     * of {@code grid}, written to {@code theta} (count x conditionLength).
     */
    public void conditions(FeatureMaps maps, QueryGrid grid, int start, int count, float[] theta) {
        conditions(maps, grid, start, count, theta, new Scratch());
    }

    private void conditions(FeatureMaps maps, QueryGrid grid, int start, int count, float[] theta,
            Scratch s) {
        s.ensure(count, ensemble.featureLength(), mlp.maxWidth(), ensemble);
        for (int q = 0; q < count; q++) {
            int query = start + q;
            ensemble.features(maps, grid.y(query), grid.x(query), grid.cellY(), grid.cellX(),
                    s.features, q * ensemble.featureLength(), kernels, s.work);
        }
        mlp.apply(s.features, count, theta, s.a, s.b, kernels);
    }

    /** One thread's working buffers, sized for one block of queries. */
    private static final class Scratch {
        float[] features = new float[0];
        float[] a = new float[0];
        float[] b = new float[0];
        float[] theta = new float[0];
        float[] scales = new float[0];
        double[] z = new double[0];
        double[] x = new double[0];
        double[] flowWork = new double[0];
        FourierEnsemble.Work work;
        final float[] eps = new float[27]; // one query's latent: D is 3, or 27 for 3x3 patches

        float[] theta(int length) {
            return theta = atLeast(theta, length);
        }

        float[] scales(int length) {
            return scales = atLeast(scales, length);
        }

        double[] z(int length) {
            return z = atLeast(z, length);
        }

        double[] x(int length) {
            return x = atLeast(x, length);
        }

        double[] flowWork(int length) {
            return flowWork = atLeast(flowWork, length);
        }

        void ensure(int rows, int featureLength, int width, FourierEnsemble ensemble) {
            if (work == null) {
                work = ensemble.newWork();
            }
            features = atLeast(features, rows * featureLength);
            a = atLeast(a, rows * width);
            b = atLeast(b, rows * width);
        }

        /** {@code buffer} if it holds {@code length} values, else a new, larger one (contents not kept). */
        private static float[] atLeast(float[] buffer, int length) {
            return buffer.length >= length ? buffer : new float[length];
        }

        private static double[] atLeast(double[] buffer, int length) {
            return buffer.length >= length ? buffer : new double[length];
        }
    }

    private static void requireImage(Tensor t, String what) {
        if (t.rank() != 3 || t.dim(0) != 3 || t.dim(1) < 1 || t.dim(2) < 1) {
            throw new IllegalArgumentException(what + " must have shape (3, H, W) with H, W >= 1, got " + t);
        }
    }
}
