package dev.linf.bench;

import dev.linf.cpu.VectorKernelsProvider;
import dev.linf.kernels.ReferenceKernels;
import dev.linf.model.LinfModel;
import dev.linf.model.SeededNoise;
import dev.linf.model.PixelSink;
import dev.linf.runner.ModelRunner;
import dev.linf.runner.Monitor;
import dev.linf.runner.StageTimes;
import dev.linf.tensor.Tensor;
import dev.linf.weights.Checkpoints;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * End-to-end benchmark: a LINF model upscaling a random size x size image by an integer scale at
 * T = 0 on the fast kernels, reporting wall time, GFLOP/s by the spec's FLOP model (section 15,
 * coef/freq computed once), percent of the FP32 peak measured by an FMA loop in the same run, peak
 * heap, the MLP's GFLOP/s alone (its GEMMs without the rest of the query path), and the speed-up
 * over the scalar reference (timed on a smaller image, per FLOP), with the best run's time split by
 * stage. {@code --arch} builds an official architecture at full size with random weights (see
 * {@link OfficialModels}) instead of loading {@code --weights}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/linf-bench.jar [--size 256] [--scale 4]
 *      [--threads N] [--runs 3] [--weights testdata/golden/edsr-baseline/checkpoint.pth
 *      | --arch edsr-baseline|rdn|swinir|rrdb-patch3] [--cold]
 * </pre>
 */
public final class EndToEnd {
    private EndToEnd() {
    }

    public static void main(String[] args) {
        int size = 256;
        int scale = 4;
        int threads = Runtime.getRuntime().availableProcessors();
        int runs = 3;
        int scalarSize = 24;
        Path weights = Path.of("testdata/golden/edsr-baseline/checkpoint.pth");
        String arch = null;
        boolean cold = false;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--cold" -> {
                    cold = true; // no warm-up or calibration before the first run: what a fresh process pays
                    i--;
                }
                case "--size" -> size = Integer.parseInt(args[i + 1]);
                case "--scale" -> scale = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--scalar-size" -> scalarSize = Integer.parseInt(args[i + 1]);
                case "--weights" -> weights = Path.of(args[i + 1]);
                case "--arch" -> arch = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LinfModel base = arch == null ? Checkpoints.load(weights)
                : OfficialModels.build(arch, Path.of("linf-weights/src/test/resources/official"), 1);
        ModelRunner fast = ModelRunner.of(base).withKernels(VectorKernelsProvider.best()).withThreads(threads);
        System.out.println(fast.describe());
        VectorKernelsProvider.fallbackReason().ifPresent(r -> System.out.println("FALLBACK: " + r));
        double peakBefore = cold ? 0 : PeakFlops.measure(threads, 5);

        Tensor image = randomImage(size, 1);
        double gflop = flops(base, size, size, scale) / 1e9;
        if (!cold) {
            fast.upscale(randomImage(48, 2), 48 * scale, 48 * scale, 0f, new SeededNoise(0)); // warm-up
        }
        double best = Double.MAX_VALUE;
        StageTimes bestTimes = null;
        long peakHeap = 0;
        int out = size * scale;
        for (int r = 0; r < runs; r++) {
            System.gc();
            HeapSampler sampler = HeapSampler.begin();
            StageTimes times = new StageTimes();
            long t0 = System.nanoTime();
            fast.upscale(image, out, out, 0f, new SeededNoise(0), PixelSink.into(Tensor.zeros(3, out, out)),
                    Monitor.none().withTimes(times));
            double s = (System.nanoTime() - t0) / 1e9;
            peakHeap = Math.max(peakHeap, sampler.finish());
            if (cold ? r == 0 : s < best) {
                best = s;
                bestTimes = times;
            }
            System.out.printf(Locale.ROOT, "run %d: %.2f s%n", r + 1, s);
        }
        // The peak is the best calibration before and after: on a shared host one of them may be slowed.
        double peak = Math.max(peakBefore, PeakFlops.measure(threads, 5));
        System.out.printf(Locale.ROOT, "measured FP32 peak: %.1f GFLOP/s with %d threads (best of 10 calibration runs)%n",
                peak, threads);
        double rate = gflop / best;
        System.out.printf(Locale.ROOT, "%dx%d -> x%d (%dx%d), T=0, %d threads: best %.2f s, %.1f GFLOP (spec model),"
                        + " %.1f GFLOP/s = %.0f%% of measured peak, peak heap %d MB%n", size, size, scale, size * scale,
                size * scale, threads, best, gflop, rate, 100 * rate / peak, peakHeap >> 20);

        Tensor encoded = base.evaluation(image, out, out).input();
        stages(base, bestTimes, best, (double) encoded.dim(1) * encoded.dim(2), size * (double) size, peak);

        // About 400 GFLOP per round (a few seconds), at least 200 blocks for small MLPs.
        double mlpRate = MlpThroughput.measure(base.mlp(), VectorKernelsProvider.best(), threads,
                Math.max(200, (int) (4e11 / (2.0 * base.mlp().macsPerQuery() * MlpThroughput.ROWS))), 3);
        System.out.printf(Locale.ROOT, "MLP alone (blocks of %d queries, %d threads): %.1f GFLOP/s = %.0f%% of measured peak%n",
                MlpThroughput.ROWS, threads, mlpRate, 100 * mlpRate / peak);

        ModelRunner scalar = ModelRunner.of(base).withKernels(ReferenceKernels.INSTANCE).withThreads(threads);
        Tensor small = randomImage(scalarSize, 3);
        scalar.upscale(small, scalarSize * scale, scalarSize * scale, 0f, new SeededNoise(0));
        long t0 = System.nanoTime();
        scalar.upscale(small, scalarSize * scale, scalarSize * scale, 0f, new SeededNoise(0));
        double scalarRate = flops(base, scalarSize, scalarSize, scale) / 1e9 / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "scalar reference (%dx%d -> x%d, %d threads): %.2f GFLOP/s; speed-up %.1fx%n",
                scalarSize, scalarSize, scale, threads, scalarRate, rate / scalarRate);
    }

    /**
     * Where the best run's time went: encoder and coef/freq with their GFLOP/s by the direct
     * convolution count (the encoder on the pixels it is given: SwinIR's mirror-padded input), the
     * query phase split by the threads' time in Fourier features, MLP, flow and pixel output.
     */
    private static void stages(LinfModel m, StageTimes t, double wall, double encodedPixels, double lrPixels,
            double peak) {
        double enc = t.wallSeconds(StageTimes.Stage.ENCODER);
        double encGflop = 2.0 * m.encoder().macsPerPixel() * encodedPixels / 1e9;
        double cf = t.wallSeconds(StageTimes.Stage.COEF_FREQ);
        double cfGflop = 2.0 * 2 * m.ensemble().hidden() * m.ensemble().inChannels() * 9 * lrPixels / 1e9;
        System.out.printf(Locale.ROOT, "  encoder:     %6.2f s (%4.1f%%), %.1f GFLOP, %.1f GFLOP/s = %.0f%% of peak%n",
                enc, 100 * enc / wall, encGflop, encGflop / enc, 100 * encGflop / enc / peak);
        System.out.printf(Locale.ROOT, "  coef/freq:   %6.2f s (%4.1f%%), %.1f GFLOP, %.1f GFLOP/s = %.0f%% of peak%n",
                cf, 100 * cf / wall, cfGflop, cfGflop / cf, 100 * cfGflop / cf / peak);
        for (StageTimes.Stage s : new StageTimes.Stage[] {StageTimes.Stage.FEATURES, StageTimes.Stage.MLP,
            StageTimes.Stage.FLOW, StageTimes.Stage.OUTPUT}) {
            double sec = t.wallSeconds(s);
            System.out.printf(Locale.ROOT, "  %-12s %6.2f s (%4.1f%%)%n", s.name().toLowerCase(Locale.ROOT).replace('_', '/')
                    + ":", sec, 100 * sec / wall);
        }
        double rest = wall - enc - cf - t.wallSeconds(StageTimes.Stage.QUERIES);
        System.out.printf(Locale.ROOT, "  other:       %6.2f s (%4.1f%%) (input normalisation, padding, output tensor;"
                + " no file I/O in this benchmark)%n", rest, 100 * rest / wall);
    }

    /**
     * FLOPs of one upscale by the spec's model (section 15): encoder, coef/freq once, the MLP per
     * query, plus 4.8 kFLOP per query (Fourier features, flow), 17 kFLOP more for a 27-dim flow. A
     * query is a pixel, or for a patch model a 3x3 patch of the stride-3 grid.
     */
    static double flops(LinfModel m, int h, int w, int scale) {
        double lr = (double) h * w;
        double queries = m.patchSize() > 1
                ? (double) dev.linf.model.PatchGrid.patches(h * scale) * dev.linf.model.PatchGrid.patches(w * scale)
                : lr * scale * scale;
        double perQuery = m.patchSize() > 1 ? 4_800 + 17_000 : 4_800;
        double coefFreq = 2.0 * m.ensemble().hidden() * m.ensemble().inChannels() * 9;
        return 2.0 * m.encoder().macsPerPixel() * lr + 2 * coefFreq * lr + 2.0 * m.mlp().macsPerQuery() * queries
                + perQuery * queries;
    }

    static Tensor randomImage(int size, long seed) {
        Random r = new Random(seed);
        Tensor t = Tensor.zeros(3, size, size);
        for (int i = 0; i < t.numel(); i++) {
            t.data()[i] = r.nextFloat();
        }
        return t;
    }

    /** Samples the heap in use (all pools at one moment) on a daemon thread. */
    private static final class HeapSampler extends Thread {
        private volatile boolean running = true;
        private long max;

        static HeapSampler begin() {
            HeapSampler s = new HeapSampler();
            s.setDaemon(true);
            s.start();
            return s;
        }

        @Override
        public void run() {
            Runtime rt = Runtime.getRuntime();
            while (running) {
                max = Math.max(max, rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() {
            running = false;
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return max;
        }
    }
}
