package dev.linf.model;

import dev.linf.kernels.Coordinates;

import dev.linf.tensor.Tensor;

/**
 * The official evaluation of window-attention encoders (test.py {@code --window 8}, spec section
 * 7.4): the input is padded at the bottom/right by {@code (h / ws + 1) * ws - h} (1..ws) rows,
 * and the same for columns, by appending its mirror image (the edge row repeated), and the queries
 * address the padded frame. The cell stays that of the unpadded output (an official quirk).
 */
public final class MirrorPad {
    private MirrorPad() {
    }

    /**
     * The padded side for a side of n pixels: always 1..window more.
     *
     * @param n pixels along the axis
     * @param window the window
     * @return the padded length
     */
    public static int padded(int n, int window) {
        return (n / window + 1) * window;
    }

    /**
     * The input with mirrored rows and columns appended, {@code torch.cat([x, x.flip])} per axis
     * (repeated for inputs smaller than the padding, where the official code would come up short).
     *
     * @param inp normalised input (C, h, w)
     * @param window the window
     * @return the padded input
     */
    public static Tensor pad(Tensor inp, int window) {
        int c = inp.dim(0);
        int h = inp.dim(1);
        int w = inp.dim(2);
        int hp = padded(h, window);
        int wp = padded(w, window);
        float[] src = inp.data();
        float[] out = new float[c * hp * wp];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < hp; y++) {
                int sy = mirror(y, h);
                for (int x = 0; x < wp; x++) {
                    out[(ch * hp + y) * wp + x] = src[(ch * h + sy) * w + mirror(x, w)];
                }
            }
        }
        return Tensor.of(out, c, hp, wp);
    }

    /** Symmetric extension: n, n+1, ... map to n-1, n-2, ... */
    private static int mirror(int i, int n) {
        int p = i % (2 * n);
        return p < n ? p : 2 * n - 1 - p;
    }

    /**
     * The queries of an H x W output in the padded frame of an h x w input. For an integer factor
     * along an axis (H = s h) these are the official padded grid's first H pixel centres of
     * {@code s * padded(h)}; otherwise (an extension: the official script has integer scales only
     * there) the unpadded centres mapped into the padded frame, {@code (y + 1) * (h / hp) - 1}.
     *
     * @param h input rows
     * @param w input columns
     * @param height output rows
     * @param width output columns
     * @param window the window
     * @return the queries
     */
    public static QueryGrid grid(int h, int w, int height, int width, int window) {
        QueryGrid plain = QueryGrid.forUpscale(h, w, height, width);
        return new QueryGrid(height, width, null, axis(h, height, window), axis(w, width, window), plain.cellY(),
                plain.cellX());
    }

    private static float[] axis(int n, int out, int window) {
        int np = padded(n, window);
        if (out % n == 0) {
            return java.util.Arrays.copyOf(Coordinates.axis(out / n * np), out);
        }
        float[] a = Coordinates.axis(out);
        float f = (float) ((double) n / np);
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] + 1f) * f - 1f;
        }
        return a;
    }
}
