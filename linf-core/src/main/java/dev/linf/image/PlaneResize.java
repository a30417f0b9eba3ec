package dev.linf.image;

import dev.linf.tensor.Tensor;

/**
 * Bicubic resizing of one plane in double precision (Keys kernel, a = -0.5, pixel centres aligned
 * as {@code align_corners=False}, edges clamped), without rounding: for alpha channels, which the
 * model does not see, at any bit depth. No antialiasing: meant for enlarging.
 */
public final class PlaneResize {
    private PlaneResize() {
    }

    /**
     * A (1, H, W) plane resized to (1, outH, outW), values clamped to [0, 1].
     *
     * @param plane (1, H, W)
     * @param outH output rows
     * @param outW output columns
     * @return (1, outH, outW)
     */
    public static Tensor bicubic(Tensor plane, int outH, int outW) {
        int h = plane.dim(1);
        int w = plane.dim(2);
        float[] src = plane.data();
        double[] rows = new double[outH * w];
        for (int y = 0; y < outH; y++) {
            double u = (y + 0.5) * h / outH - 0.5;
            int i0 = (int) Math.floor(u);
            for (int k = -1; k <= 2; k++) {
                double wt = keys(u - (i0 + k));
                int sy = Math.min(Math.max(i0 + k, 0), h - 1);
                for (int x = 0; x < w; x++) {
                    rows[y * w + x] += wt * src[sy * w + x];
                }
            }
        }
        float[] out = new float[outH * outW];
        for (int x = 0; x < outW; x++) {
            double u = (x + 0.5) * w / outW - 0.5;
            int j0 = (int) Math.floor(u);
            for (int k = -1; k <= 2; k++) {
                double wt = keys(u - (j0 + k));
                int sx = Math.min(Math.max(j0 + k, 0), w - 1);
                for (int y = 0; y < outH; y++) {
                    out[y * outW + x] += (float) (wt * rows[y * w + sx]);
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(Math.max(out[i], 0f), 1f);
        }
        return Tensor.of(out, 1, outH, outW);
    }

    private static double keys(double x) {
        double a = Math.abs(x);
        if (a <= 1) {
            return (1.5 * a - 2.5) * a * a + 1;
        }
        if (a < 2) {
            return ((-0.5 * a + 2.5) * a - 4) * a + 2;
        }
        return 0;
    }
}
