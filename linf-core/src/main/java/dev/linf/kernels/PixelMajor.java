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

    /**
     * Channel concatenation of pixel-major (H, W, C_i) maps, in list order: {@code torch.cat(dim=1)}
     * of the channel-major maps, laid out pixel-major.
     *
     * @param parts (H, W, C_i) maps of one size
     * @param parallel the threads to compute on
     * @return (H, W, sum C_i)
     */
    public static Tensor concat(java.util.List<Tensor> parts, Parallel parallel) {
        int h = parts.getFirst().dim(0);
        int w = parts.getFirst().dim(1);
        int c = 0;
        for (Tensor p : parts) {
            if (p.rank() != 3 || p.dim(0) != h || p.dim(1) != w) {
                throw new IllegalArgumentException("cannot concatenate " + p + " with a " + h + "x" + w + " map");
            }
            c += p.dim(2);
        }
        int total = c;
        float[] out = new float[h * w * total];
        parallel.forEach(h, y -> {
            int at = 0;
            for (Tensor p : parts) {
                int pc = p.dim(2);
                float[] src = p.data();
                for (int x = 0; x < w; x++) {
                    System.arraycopy(src, (y * w + x) * pc, out, (y * w + x) * total + at, pc);
                }
                at += pc;
            }
        });
        return Tensor.of(out, h, w, total);
    }
}
