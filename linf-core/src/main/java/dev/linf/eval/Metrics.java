package dev.linf.eval;

import dev.linf.tensor.Tensor;

/** The SR literature's metrics as the LINF code computes them, on (3, H, W) images in [0, 1]. */
public final class Metrics {
    private static final double[] Y = {65.738 / 256, 129.057 / 256, 25.064 / 256};

    private Metrics() {
    }

    /**
     * PSNR (dB) of the luma of the difference, with {@code shave} pixels removed at every border
     * ({@code utils.calc_psnr}, dataset 'benchmark').
     */
    public static double yPsnr(Tensor sr, Tensor hr, int shave) {
        requireSameShape(sr, hr);
        int h = hr.dim(1);
        int w = hr.dim(2);
        int n = h * w;
        double sum = 0;
        long count = 0;
        for (int y = shave; y < h - shave; y++) {
            for (int x = shave; x < w - shave; x++) {
                int i = y * w + x;
                double d = 0;
                for (int c = 0; c < 3; c++) {
                    d += (sr.data()[c * n + i] - (double) hr.data()[c * n + i]) * Y[c];
                }
                sum += d * d;
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("image too small for a shave of " + shave);
        }
        return -10 * Math.log10(sum / count);
    }

    /**
     * SSIM as {@code utils.calculate_ssim}: per RGB channel on 0..255 values, Gaussian window 11
     * with sigma 1.5, valid region only, averaged over the channels.
     */
    public static double ssim(Tensor sr, Tensor hr) {
        requireSameShape(sr, hr);
        int h = hr.dim(1);
        int w = hr.dim(2);
        if (h < 11 || w < 11) {
            throw new IllegalArgumentException("SSIM needs images of at least 11x11");
        }
        double[] g = gaussian(11, 1.5);
        double total = 0;
        for (int c = 0; c < 3; c++) {
            double[] a = channel(sr, c);
            double[] b = channel(hr, c);
            total += ssimChannel(a, b, h, w, g);
        }
        return total / 3;
    }

    private static double ssimChannel(double[] a, double[] b, int h, int w, double[] g) {
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double sum = 0;
        int count = 0;
        for (int y = 5; y < h - 5; y++) {
            for (int x = 5; x < w - 5; x++) {
                double ma = 0;
                double mb = 0;
                double saa = 0;
                double sbb = 0;
                double sab = 0;
                for (int i = -5; i <= 5; i++) {
                    for (int j = -5; j <= 5; j++) {
                        double k = g[i + 5] * g[j + 5];
                        double va = a[(y + i) * w + x + j];
                        double vb = b[(y + i) * w + x + j];
                        ma += k * va;
                        mb += k * vb;
                        saa += k * va * va;
                        sbb += k * vb * vb;
                        sab += k * va * vb;
                    }
                }
                double vara = saa - ma * ma;
                double varb = sbb - mb * mb;
                double cov = sab - ma * mb;
                sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (vara + varb + c2));
                count++;
            }
        }
        return sum / count;
    }

    /** cv2.getGaussianKernel(n, sigma): normalised to sum 1. */
    static double[] gaussian(int n, double sigma) {
        double[] g = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            double x = i - (n - 1) / 2.0;
            g[i] = Math.exp(-x * x / (2 * sigma * sigma));
            s += g[i];
        }
        for (int i = 0; i < n; i++) {
            g[i] /= s;
        }
        return g;
    }

    private static double[] channel(Tensor t, int c) {
        int n = t.dim(1) * t.dim(2);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.min(Math.max(t.data()[c * n + i], 0f), 1f) * 255.0;
        }
        return d;
    }

    private static void requireSameShape(Tensor a, Tensor b) {
        if (!a.hasShape(b.shape()) || a.rank() != 3 || a.dim(0) != 3) {
            throw new IllegalArgumentException("images differ in shape: " + a + " vs " + b);
        }
    }
}
