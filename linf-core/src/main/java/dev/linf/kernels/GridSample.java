package dev.linf.kernels;

/**
 * Scalar versions of {@code torch.nn.functional.grid_sample} with {@code align_corners=False},
 * in float32 and with PyTorch's CPU formulas, for one point at a time. Coordinates are in
 * (-1, 1) with -1 and 1 at the outer edges of the first and last pixel.
 */
public final class GridSample {
    private GridSample() {
    }

    /**
     * Source pixel position of a normalised coordinate on an axis of {@code size} pixels.
     *
     * @param coord the coordinate
     * @param size pixels along the axis
     * @return the pixel position
     */
    public static float unnormalize(float coord, int size) {
        return (coord + 1f) * (size / 2f) - 0.5f;
    }

    /**
     * Index of the nearest pixel ({@code mode='nearest'}: round half to even), or -1 when it lies
     * outside the axis (zeros padding then yields 0).
     *
     * @param coord the coordinate
     * @param size pixels along the axis
     * @return the pixel index
     */
    public static int nearestIndex(float coord, int size) {
        float p = unnormalize(coord, size);
        float r = (float) Math.rint(p);
        if (!(r >= 0f && r <= size - 1)) {
            return -1;
        }
        return (int) r;
    }

    /**
     * Bilinear sample with border padding of channel {@code c} of a (C, h, w) array at the point
     * (row coordinate {@code cy}, column coordinate {@code cx}).
     *
     * @param img (C, h, w) row-major
     * @param h rows
     * @param w columns
     * @param c channel
     * @param cy row coordinate
     * @param cx column coordinate
     * @return the sample
     */
    public static float bilinearBorder(float[] img, int h, int w, int c, float cy, float cx) {
        float y = clip(unnormalize(cy, h), h);
        float x = clip(unnormalize(cx, w), w);
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float we = x - x0; // distance to the west neighbour = weight of the east one
        float ww = 1f - we;
        float wn = y - y0;
        float ws = 1f - wn;
        int base = c * h * w;
        float v = 0f;
        v += at(img, base, h, w, y0, x0) * (ws * ww);
        v += at(img, base, h, w, y0, x0 + 1) * (ws * we);
        v += at(img, base, h, w, y0 + 1, x0) * (wn * ww);
        v += at(img, base, h, w, y0 + 1, x0 + 1) * (wn * we);
        return v;
    }

    /**
     * PyTorch's {@code F.interpolate(img, (outH, outW), mode='bilinear', align_corners=False)} at
     * output pixel (row, col) of channel {@code c}: source position {@code (i + 0.5) * in/out - 0.5}
     * clamped at 0, in float32, height weights applied outside the width ones. LINF-patch's base.
     *
     * @param img (C, h, w) row-major
     * @param h rows
     * @param w columns
     * @param c channel
     * @param outH output rows
     * @param outW output columns
     * @param row output row
     * @param col output column
     * @return the sample
     */
    public static float resizeBilinear(float[] img, int h, int w, int c, int outH, int outW, int row, int col) {
        float sy = Math.max((float) h / outH * (row + 0.5f) - 0.5f, 0f);
        float sx = Math.max((float) w / outW * (col + 0.5f) - 0.5f, 0f);
        int y0 = Math.min((int) sy, h - 1);
        int x0 = Math.min((int) sx, w - 1);
        int y1 = y0 < h - 1 ? y0 + 1 : y0;
        int x1 = x0 < w - 1 ? x0 + 1 : x0;
        float ly = Math.min(Math.max(sy - y0, 0f), 1f);
        float lx = Math.min(Math.max(sx - x0, 0f), 1f);
        int base = c * h * w;
        float top = img[base + y0 * w + x0] * (1f - lx) + img[base + y0 * w + x1] * lx;
        float bottom = img[base + y1 * w + x0] * (1f - lx) + img[base + y1 * w + x1] * lx;
        return top * (1f - ly) + bottom * ly;
    }

    /** Border padding: positions are clipped into [0, size - 1] (NaN becomes 0, as in PyTorch). */
    private static float clip(float p, int size) {
        if (!(p > 0f)) {
            return 0f;
        }
        return Math.min(p, size - 1f);
    }

    /** A pixel value, or 0 for the neighbour that falls just past the last pixel (weight 0 there). */
    private static float at(float[] img, int base, int h, int w, int y, int x) {
        if (y < 0 || y >= h || x < 0 || x >= w) {
            return 0f;
        }
        return img[base + y * w + x];
    }
}
