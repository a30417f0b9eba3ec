package dev.linf.model;

/**
 * Standard-normal latents for sampling at T > 0, addressed by query position so that a result
 * never depends on how the queries are split into blocks, tiles or threads.
 */
public interface NoiseSource {

    /**
     * Writes {@code dim} independent N(0, 1) draws for query ({@code row}, {@code col}).
     *
     * @param row query row
     * @param col query column
     * @param out receives the draws
     * @param off where they go
     * @param dim how many: the flow's D
     */
    void draw(int row, int col, float[] out, int off, int dim);
}
