package dev.linf.model;

/**
 * Receives upscaled pixels as they are computed, so a large output need not exist as a float
 * tensor (3 x 4 bytes per pixel) before it is stored. Called from the model's threads, each pixel
 * exactly once, in no particular order: implementations write to distinct slots and need no locking.
 */
@FunctionalInterface
public interface PixelSink {

    /** The colour of output pixel ({@code row}, {@code col}), each channel clamped to [0, 1]. */
    void put(int row, int col, float r, float g, float b);
}
