package dev.linf.model;

/**
 * Receives raw predictions (official {@code pred_norm}, [-1, 1] space, not clamped) of output
 * pixels, from the computing threads, each pixel once, in no particular order.
 */
@FunctionalInterface
public interface PixelWriter {

    /**
     * The prediction of output pixel ({@code row}, {@code col}).
     *
     * @param row output row
     * @param col output column
     * @param r red
     * @param g green
     * @param b blue
     */
    void put(int row, int col, float r, float g, float b);
}
