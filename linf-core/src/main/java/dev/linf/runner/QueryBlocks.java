package dev.linf.runner;

import dev.linf.fourier.FourierEnsemble.FeatureMaps;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.model.LinfModel;
import dev.linf.model.QueryGrid;
import dev.linf.tensor.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

/**
 * The loop every model call runs: tile by tile (usually one tile), encode the tile's LR window,
 * then block by block of its queries on the call's threads compute the Fourier features and the
 * MLP's flow conditions and hand them to the caller's work. Blocks and tiles are independent, so
 * results depend on neither the thread count nor the tiling.
 */
final class QueryBlocks {
    /**
     * Queries processed together: a multiple of the fast GEMM's 6- and 8-row register blocks, and
     * small enough that the block's 1024-wide features (288 KB) stay in L2.
     */
    static final int BLOCK = 72;

    /**
     * Work on queries {@code start .. start + count} of the (sub-)grid {@code sub}, whose flow
     * conditions are already in {@code s.theta}; {@code global} maps a query of {@code sub} to its
     * row-major index in the whole grid.
     */
    interface Work {
        void run(Scratch s, QueryGrid sub, IntUnaryOperator global, int start, int count);
    }

    private final LinfModel model;
    private final Kernels kernels;
    private final int threads;
    private final int tileSize;

    QueryBlocks(LinfModel model, Kernels kernels, int threads, int tileSize) {
        this.model = model;
        this.kernels = kernels;
        this.threads = threads;
        this.tileSize = tileSize;
    }

    void run(Tensor inp, QueryGrid grid, Monitor monitor, Work work) {
        int h = inp.dim(1);
        int w = inp.dim(2);
        int margin = model.encoder().receptiveRadius() + model.ensemble().receptiveRadius();
        List<Tiling.Tile> tiles = Tiling.plan(grid, h, w, tileSize(h, w, margin), margin);
        AtomicLong done = new AtomicLong();
        double total = grid.size();
        int len = model.flow().conditionLength();
        // Every task of every kernel (a row band of a convolution, a block of queries) checks first.
        try (Parallel par = Parallel.of(threads, monitor::checkCancelled)) {
            for (int ti = 0; ti < tiles.size(); ti++) {
                Tiling.Tile t = tiles.get(ti);
                String stage = tiles.size() == 1 ? "" : " (tile " + (ti + 1) + " of " + tiles.size() + ")";
                monitor.checkCancelled();
                monitor.report(done.get() / total, "encoding" + stage);
                Tiling.Span rows = t.rows();
                Tiling.Span cols = t.cols();
                Tensor window = crop(inp, rows.lr0(), rows.lrLen(), cols.lr0(), cols.lrLen());
                long t0 = System.nanoTime();
                Tensor feat = model.encoder().encode(window, kernels, par);
                monitor.time(StageTimes.Stage.ENCODER, t0);
                long t1 = System.nanoTime();
                // An encoder that pads internally (SwinIR off its window grid) hands back a larger map,
                // which the official code then addresses as the whole image.
                boolean whole = tiles.size() == 1;
                FeatureMaps maps = model.ensemble().prepare(feat, whole ? feat.dim(1) : h, whole ? feat.dim(2) : w,
                        rows.lr0(), cols.lr0(), kernels, par);
                monitor.time(StageTimes.Stage.COEF_FREQ, t1);
                long t2 = System.nanoTime();
                QueryGrid sub = grid.sub(rows.out0(), rows.outLen(), cols.out0(), cols.outLen());
                IntUnaryOperator global = sub == grid ? IntUnaryOperator.identity()
                        : q -> (rows.out0() + q / sub.cols()) * grid.cols() + cols.out0() + q % sub.cols();
                int n = sub.size();
                par.forEach((n + BLOCK - 1) / BLOCK, Scratch::new, (s, block) -> {
                    int start = block * BLOCK;
                    int count = Math.min(BLOCK, n - start);
                    conditions(maps, sub, start, count, s.theta(count * len), s, monitor);
                    work.run(s, sub, global, start, count);
                    monitor.report(done.addAndGet(count) / total, "querying" + stage);
                });
                monitor.time(StageTimes.Stage.QUERIES, t2);
            }
        }
    }

    /** The tile size to use on an h x w image: the set one, or for {@code AUTO_TILE} one from the heap. */
    private int tileSize(int h, int w, int margin) {
        if (!model.encoder().tileable()) {
            requireHeapForWhole(h, w);
            return Math.max(h, w);
        }
        if (tileSize != ModelRunner.AUTO_TILE) {
            return tileSize;
        }
        long budget = Runtime.getRuntime().maxMemory() / 4 * 3;
        long perPixel = encodingBytesPerPixel(model);
        if ((long) h * w * perPixel <= budget) {
            return Math.max(h, w);
        }
        int side = (int) Math.sqrt(budget / (double) perPixel);
        return Math.max(16, side - 2 * margin);
    }

    /**
     * An encoder that cannot be tiled (SwinIR: attention reaches across any border) encodes the
     * whole image at once; refuse, naming the heap it needs, when that cannot fit.
     */
    private void requireHeapForWhole(int h, int w) {
        long need = (long) h * w * (encodingBytesPerPixel(model) + model.encoder().workingBytesPerPixel());
        long free = dev.linf.io.Heap.available(need);
        Runtime rt = Runtime.getRuntime();
        if (need > free) {
            throw new dev.linf.errors.LinfException(null, String.format(java.util.Locale.ROOT,
                    "the %s encoder cannot be tiled exactly (its attention reaches across any tile border), so a %dx%d"
                            + " input is encoded whole and needs about %d MB of heap; only %d MB are free (raise -Xmx,"
                            + " e.g. JAVA_OPTS=-Xmx%dm)", model.encoder().name(), w, h, need >> 20, free >> 20,
                    ((need + rt.totalMemory() - rt.freeMemory()) * 5 / 4 >> 20) + 64));
        }
    }

    /**
     * Bytes per LR pixel while encoding: ~4 encoder-width maps (activations, residual, padded
     * copies) and the coef/freq maps plus a padded copy, in float32.
     */
    static long encodingBytesPerPixel(LinfModel model) {
        return 4L * (4L * model.encoder().outChannels() + 3L * model.ensemble().hidden());
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

    /**
     * The Fourier features and MLP output (flow conditions) of queries {@code start .. start+count}
     * of {@code grid}, written to {@code theta} (count x conditionLength).
     */
    void conditions(FeatureMaps maps, QueryGrid grid, int start, int count, float[] theta, Scratch s,
            Monitor monitor) {
        var ensemble = model.ensemble();
        var mlp = model.mlp();
        s.ensure(count, ensemble.featureLength(), mlp.maxWidth(), ensemble);
        long t0 = System.nanoTime();
        for (int q = 0; q < count; q++) {
            int query = start + q;
            ensemble.features(maps, grid.y(query), grid.x(query), grid.cellY(), grid.cellX(),
                    s.features, q * ensemble.featureLength(), kernels, s.work);
        }
        monitor.time(StageTimes.Stage.FEATURES, t0);
        long t1 = System.nanoTime();
        mlp.apply(s.features, count, theta, s.a, s.b, kernels);
        monitor.time(StageTimes.Stage.MLP, t1);
    }
}
