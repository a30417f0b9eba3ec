package dev.linf.model;

import dev.linf.tensor.Tensor;

/**
 * Replays given standard-normal latents, a (rows, cols, D) array laid out like the golden
 * {@code eps.npy}, so that official samples can be reproduced exactly.
 */
public final class ReplayedNoise implements NoiseSource {
    private final Tensor eps;

    public ReplayedNoise(Tensor eps) {
        if (eps.rank() != 3) {
            throw new IllegalArgumentException("noise must have shape (rows, cols, D), got " + eps);
        }
        this.eps = eps;
    }

    /** Throws unless the array covers exactly this query grid with this flow dimension. */
    public void requireShape(int rows, int cols, int dim) {
        eps.requireShape("noise array", rows, cols, dim);
    }

    @Override
    public void draw(int row, int col, float[] out, int off, int dim) {
        System.arraycopy(eps.data(), (row * eps.dim(1) + col) * eps.dim(2), out, off, dim);
    }
}
