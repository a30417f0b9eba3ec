package dev.linf.eval;

import dev.linf.tensor.Tensor;

/**
 * MATLAB {@code imresize(img, scale, 'bicubic')} on 8-bit images, as the SR benchmarks' LR files
 * were made: Keys cubic (a = -0.5), stretched by 1/scale and renormalised when shrinking
 * (antialiasing), source position {@code u = x/scale + 0.5(1 - 1/scale)} (1-based), mirror
 * padding, rows first then columns, rounding half up to uint8 after each pass. Reproduces the
 * Set5/Set14 {@code LR_bicubic} files bit for bit (tested on every one).
 */
public final class MatlabBicubic {
    private MatlabBicubic() {
    }

    /** Downscales by the integer factor {@code s} after cropping to a multiple of it. */
    public static Tensor downscale(Tensor image, int s) {
        int h = image.dim(1) / s * s;
        int w = image.dim(2) / s * s;
        return resize(Rgb8.crop(image, h, w), h / s, w / s);
    }

    /** Resizes an 8-bit image (a [0, 1] tensor of k/255 values) to outH x outW, 8-bit output. */
    public static Tensor resize(Tensor image, int outH, int outW) {
        return resize(image, outH, outW, true);
    }

    /**
     * Resizes an 8-bit image to outH x outW; with {@code quantise} false the passes stay in double
     * (MATLAB's behaviour on a double image) and the result is clamped to [0, 1] but not rounded.
     */
    public static Tensor resize(Tensor image, int outH, int outW, boolean quantise) {
        double[][] planes = Rgb8.toPlanes(image);
        int h = image.dim(1);
        int w = image.dim(2);
        Weights rows = contributions(h, outH, outH / (double) h);
        Weights cols = contributions(w, outW, outW / (double) w);
        double[][] out = new double[3][];
        for (int c = 0; c < 3; c++) {
            double[] t = pass(planes[c], h, w, rows, true, quantise);
            out[c] = pass(t, outH, w, cols, false, quantise);
        }
        return Rgb8.fromPlanes(out, outH, outW);
    }

    /** Per output index: source indices (0-based, mirrored) and normalised weights. */
    record Weights(int[][] index, double[][] weight) {
    }

    static double cubic(double x) {
        double a = Math.abs(x);
        double a2 = a * a;
        double a3 = a2 * a;
        if (a <= 1) {
            return 1.5 * a3 - 2.5 * a2 + 1;
        }
        if (a <= 2) {
            return -0.5 * a3 + 2.5 * a2 - 4 * a + 2;
        }
        return 0;
    }

    static Weights contributions(int inLen, int outLen, double scale) {
        boolean shrink = scale < 1;
        double kernelWidth = shrink ? 4 / scale : 4;
        int p = (int) Math.ceil(kernelWidth) + 2;
        int[][] index = new int[outLen][p];
        double[][] weight = new double[outLen][p];
        for (int i = 0; i < outLen; i++) {
            double x = i + 1;
            double u = x / scale + 0.5 * (1 - 1 / scale);
            double left = Math.floor(u - kernelWidth / 2);
            double sum = 0;
            for (int k = 0; k < p; k++) {
                double idx = left + k;
                double d = u - idx;
                double wk = shrink ? scale * cubic(scale * d) : cubic(d);
                weight[i][k] = wk;
                sum += wk;
                index[i][k] = mirror((int) idx, inLen);
            }
            for (int k = 0; k < p; k++) {
                weight[i][k] /= sum;
            }
        }
        return new Weights(index, weight);
    }

    /** MATLAB's symmetric padding of a 1-based index: [1..n, n..1] repeated; returns 0-based. */
    private static int mirror(int oneBased, int n) {
        int m = Math.floorMod(oneBased - 1, 2 * n);
        return m < n ? m : 2 * n - 1 - m;
    }

    private static double[] pass(double[] in, int h, int w, Weights wt, boolean alongRows, boolean quantise) {
        int outLen = wt.index().length;
        int outH = alongRows ? outLen : h;
        int outW = alongRows ? w : outLen;
        double[] out = new double[outH * outW];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int i = alongRows ? y : x;
                double s = 0;
                for (int k = 0; k < wt.index()[i].length; k++) {
                    int src = alongRows ? wt.index()[i][k] * w + x : y * w + wt.index()[i][k];
                    s += wt.weight()[i][k] * in[src];
                }
                out[y * outW + x] = quantise ? Rgb8.roundHalfUp(s) : Math.min(255, Math.max(0, s));
            }
        }
        return out;
    }
}
