package dev.linf.model;

/**
 * Receives upscaled pixels as they are computed, so a large output need not exist as a float
 * tensor (3 x 4 bytes per pixel) before it is stored. Called from the model's threads, each pixel
 * exactly once, in no particular order: implementations write to distinct slots and need no locking.
 */
@FunctionalInterface
public interface PixelSink {

    /**
     * The colour of output pixel ({@code row}, {@code col}), each channel clamped to [0, 1].
     *
     * @param row output row
     * @param col output column
     * @param r red
     * @param g green
     * @param b blue
     */
    void put(int row, int col, float r, float g, float b);

    /**
     * A sink writing into a (3, H, W) float tensor.
     *
     * @param out (3, H, W)
     * @return the sink
     */
    static PixelSink into(dev.linf.tensor.Tensor out) {
        int h = out.dim(1);
        int w = out.dim(2);
        float[] d = out.data();
        int n = h * w;
        return (row, col, r, g, b) -> {
            int i = row * w + col;
            d[i] = r;
            d[n + i] = g;
            d[2 * n + i] = b;
        };
    }
}
