package dev.linf.model;

import dev.linf.tensor.Tensor;

/**
 * Replays given standard-normal latents, a (rows, cols, D) array laid out like the golden
 * {@code eps.npy}, so that official samples can be reproduced exactly.
 */
public final class ReplayedNoise implements NoiseSource {
    private final Tensor eps;

    /**
     * Latents to replay.
     *
     * @param eps (rows, cols, D) standard-normal draws
     */
    public ReplayedNoise(Tensor eps) {
        if (eps.rank() != 3) {
            throw new IllegalArgumentException("noise must have shape (rows, cols, D), got " + eps);
        }
        this.eps = eps;
    }

    /**
     * Throws unless the array covers this query grid (rows x cols, or more: SwinIR's official
     * latents span its padded grid, of which the output queries are the top-left part) with this
     * flow dimension.
     *
     * @param rows grid rows
     * @param cols grid columns
     * @param dim the flow's D
     * @throws IllegalArgumentException when it does not
     */
    public void requireShape(int rows, int cols, int dim) {
        if (eps.dim(0) < rows || eps.dim(1) < cols || eps.dim(2) != dim) {
            throw new IllegalArgumentException("noise array has shape " + java.util.Arrays.toString(eps.shape())
                    + ", expected [" + rows + ", " + cols + ", " + dim + "]");
        }
    }

    @Override
    public void draw(int row, int col, float[] out, int off, int dim) {
        System.arraycopy(eps.data(), (row * eps.dim(1) + col) * eps.dim(2), out, off, dim);
    }
}
