package dev.linf.eval;

import dev.linf.tensor.Tensor;

/**
 * Pillow's {@code Image.resize(size, BICUBIC)} on 8-bit RGB, as torchvision's {@code Resize} (the
 * official {@code resize_fn}) calls it: a = -0.5 cubic with support stretched by the downscale
 * factor, windows truncated at the borders and renormalised, coefficients in 22-bit fixed point,
 * width pass first, rounding to uint8 between the passes.
 */
public final class PilBicubic {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilBicubic() {
    }

    public static Tensor resize(Tensor image, int outH, int outW) {
        double[][] planes = Rgb8.toPlanes(image);
        int h = image.dim(1);
        int w = image.dim(2);
        double[][] out = new double[3][];
        for (int c = 0; c < 3; c++) {
            double[] t = w == outW ? planes[c] : pass(planes[c], h, w, coefficients(w, outW), false);
            out[c] = h == outH ? t : pass(t, h, outW, coefficients(h, outH), true);
        }
        return Rgb8.fromPlanes(out, outH, outW);
    }

    private static double filter(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
    }

    /** bounds[i] = {xmin, count} and the fixed-point coefficients, as Pillow's precompute_coeffs. */
    private record Coefficients(int[][] bounds, int[][] k) {
    }

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = inSize / (double) outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 2.0 * filterScale;
        int[][] bounds = new int[outSize][2];
        int[][] k = new int[outSize][];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double[] w = new double[xmax];
            double ww = 0;
            for (int x = 0; x < xmax; x++) {
                w[x] = filter((x + xmin - center + 0.5) * ss);
                ww += w[x];
            }
            k[xx] = new int[xmax];
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0 ? w[x] / ww : w[x];
                k[xx][x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
            }
            bounds[xx][0] = xmin;
            bounds[xx][1] = xmax;
        }
        return new Coefficients(bounds, k);
    }

    private static double[] pass(double[] in, int h, int w, Coefficients c, boolean vertical) {
        int outLen = c.k().length;
        int outH = vertical ? outLen : h;
        int outW = vertical ? w : outLen;
        double[] out = new double[outH * outW];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int i = vertical ? y : x;
                int xmin = c.bounds()[i][0];
                long ss = 1L << (PRECISION_BITS - 1);
                for (int j = 0; j < c.bounds()[i][1]; j++) {
                    int src = vertical ? (xmin + j) * w + x : y * w + xmin + j;
                    ss += (long) in[src] * c.k()[i][j];
                }
                out[y * outW + x] = clip8(ss);
            }
        }
        return out;
    }

    private static int clip8(long v) {
        long s = v >> PRECISION_BITS;
        return (int) Math.min(255, Math.max(0, s));
    }
}
