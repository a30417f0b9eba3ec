package dev.linf.model;

/**
 * Our own latent generator: every draw is a pure function of (seed, row, column, dimension),
 * hashed with SplitMix64 and turned into a normal by Box-Muller. Stateless, so it is thread-safe
 * and independent of processing order.
 *
 * @param seed the seed
 */
public record SeededNoise(long seed) implements NoiseSource {

    @Override
    public void draw(int row, int col, float[] out, int off, int dim) {
        long key = mix(mix(seed ^ 0x4C494E46L) + row) * 0x9E3779B97F4A7C15L + col;
        for (int d = 0; d < dim; d++) {
            long h = mix(key + 0x632BE59BD9B4E019L * (d + 1));
            // 53-bit uniforms; u1 in (0, 1] so the logarithm is finite.
            double u1 = ((h >>> 11) + 1) * 0x1.0p-53;
            double u2 = (mix(h) >>> 11) * 0x1.0p-53;
            out[off + d] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix with full avalanche. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
