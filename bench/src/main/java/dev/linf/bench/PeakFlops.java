package dev.linf.bench;

import dev.linf.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures this machine's FP32 peak: each thread runs 12 independent FMA chains of the preferred
 * vector width (AVX2: 8 lanes, AVX-512: 16; enough chains to
 * cover the FMA latency on two pipes) for a fixed count, all threads at once.
 */
final class PeakFlops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private PeakFlops() {
    }

    /** GFLOP/s with {@code threads} threads, best of {@code repeats}. */
    static double measure(int threads, int repeats) {
        long iterations = 20_000_000L;
        double best = 0;
        float[] sink = new float[threads * S.length()];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            try (Parallel p = Parallel.of(threads)) {
                p.forEach(threads, t -> chains(iterations, sink, t * S.length()));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, threads * iterations * 12.0 * S.length() * 2 / s / 1e9);
        }
        return best;
    }

    private static void chains(long n, float[] sink, int off) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector a = FloatVector.broadcast(S, 1e-7f);
        FloatVector v0 = FloatVector.broadcast(S, 1f);
        FloatVector v1 = v0;
        FloatVector v2 = v0;
        FloatVector v3 = v0;
        FloatVector v4 = v0;
        FloatVector v5 = v0;
        FloatVector v6 = v0;
        FloatVector v7 = v0;
        FloatVector v8 = v0;
        FloatVector v9 = v0;
        FloatVector v10 = v0;
        FloatVector v11 = v0;
        for (long i = 0; i < n; i++) {
            v0 = v0.fma(m, a);
            v1 = v1.fma(m, a);
            v2 = v2.fma(m, a);
            v3 = v3.fma(m, a);
            v4 = v4.fma(m, a);
            v5 = v5.fma(m, a);
            v6 = v6.fma(m, a);
            v7 = v7.fma(m, a);
            v8 = v8.fma(m, a);
            v9 = v9.fma(m, a);
            v10 = v10.fma(m, a);
            v11 = v11.fma(m, a);
        }
        v0.add(v1).add(v2).add(v3).add(v4).add(v5).add(v6).add(v7).add(v8).add(v9).add(v10).add(v11)
                .intoArray(sink, off);
    }
}
