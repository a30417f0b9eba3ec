package dev.linf.kernels;

import dev.linf.tensor.Tensor;

/**
 * Conversions between channel-major (C, H, W) tensors, PyTorch's layout, and pixel-major (H, W, C)
 * ones, the layout the fast convolution and the per-query gathers read contiguously.
 */
public final class PixelMajor {
    private PixelMajor() {
    }

    /**
     * (C, H, W) to (H, W, C).
     *
     * @param chw (C, H, W)
     * @param parallel the threads to compute on
     * @return (H, W, C)
     */
    public static Tensor fromChw(Tensor chw, Parallel parallel) {
        int c = chw.dim(0);
        int h = chw.dim(1);
        int w = chw.dim(2);
        float[] src = chw.data();
        float[] dst = new float[src.length];
        parallel.forEach(h, y -> {
            for (int ch = 0; ch < c; ch++) {
                for (int x = 0; x < w; x++) {
                    dst[(y * w + x) * c + ch] = src[(ch * h + y) * w + x];
                }
            }
        });
        return Tensor.of(dst, h, w, c);
    }

    /**
     * (H, W, C) to (C, H, W).
     *
     * @param hwc (H, W, C)
     * @param parallel the threads to compute on
     * @return (C, H, W)
     */
    public static Tensor toChw(Tensor hwc, Parallel parallel) {
        int h = hwc.dim(0);
        int w = hwc.dim(1);
        int c = hwc.dim(2);
        float[] src = hwc.data();
        float[] dst = new float[src.length];
        parallel.forEach(h, y -> {
            for (int ch = 0; ch < c; ch++) {
                for (int x = 0; x < w; x++) {
                    dst[(ch * h + y) * w + x] = src[(y * w + x) * c + ch];
                }
            }
        });
        return Tensor.of(dst, c, h, w);
    }
}
