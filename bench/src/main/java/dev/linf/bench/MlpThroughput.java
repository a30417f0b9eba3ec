package dev.linf.bench;

import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.mlp.ImplicitMlp;
import java.util.Random;

/**
 * The implicit MLP alone, as the query path runs it: blocks of {@link #ROWS} feature vectors
 * through all layers, the blocks split over the threads. Gives the GEMMs' share of the machine's
 * peak without the Fourier features, the flow and the encoder around them.
 */
final class MlpThroughput {
    /** Queries per block, as the runner's query blocks (QueryBlocks.BLOCK). */
    static final int ROWS = 72;

    private MlpThroughput() {
    }

    /** GFLOP/s of {@code blocks} blocks with {@code threads} threads, best of {@code repeats}. */
    static double measure(ImplicitMlp mlp, Kernels kernels, int threads, int blocks, int repeats) {
        Random r = new Random(7);
        float[] features = new float[ROWS * mlp.inFeatures()];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) r.nextGaussian() * 0.1f;
        }
        double flops = 2.0 * mlp.macsPerQuery() * ROWS * blocks;
        double best = 0;
        try (Parallel p = Parallel.of(threads)) {
            for (int rep = 0; rep < repeats + 1; rep++) { // the first round warms up the JIT
                long t0 = System.nanoTime();
                p.forEach(blocks, () -> new Buffers(mlp), (b, block) -> mlp.apply(features, ROWS, b.out, b.a, b.b, kernels));
                double s = (System.nanoTime() - t0) / 1e9;
                if (rep > 0) {
                    best = Math.max(best, flops / s / 1e9);
                }
            }
        }
        return best;
    }

    /** Per-thread outputs and scratch. */
    private static final class Buffers {
        final float[] out;
        final float[] a;
        final float[] b;

        Buffers(ImplicitMlp mlp) {
            out = new float[ROWS * mlp.outFeatures()];
            a = new float[ROWS * mlp.maxWidth()];
            b = new float[ROWS * mlp.maxWidth()];
        }
    }
}
