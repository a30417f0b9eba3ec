package dev.linf.eval;

import dev.linf.tensor.Tensor;

/** Helpers for 8-bit images held as [0, 1] tensors of k/255 values (as ToTensor gives them). */
final class Rgb8 {
    private Rgb8() {
    }

    static double[][] toPlanes(Tensor image) {
        int n = image.dim(1) * image.dim(2);
        double[][] p = new double[3][n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                p[c][i] = Math.rint(image.data()[c * n + i] * 255.0);
            }
        }
        return p;
    }

    static Tensor fromPlanes(double[][] planes, int h, int w) {
        float[] d = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < h * w; i++) {
                d[c * h * w + i] = (float) planes[c][i] / 255f;
            }
        }
        return Tensor.of(d, 3, h, w);
    }

    /** MATLAB's uint8 conversion: round half away from zero (half up here), saturate. */
    static double roundHalfUp(double v) {
        return Math.min(255, Math.max(0, Math.floor(v + 0.5)));
    }

    /** The top-left h x w part of a (3, H, W) tensor. */
    static Tensor crop(Tensor image, int h, int w) {
        int ih = image.dim(1);
        int iw = image.dim(2);
        if (h > ih || w > iw) {
            throw new IllegalArgumentException("cannot crop " + iw + "x" + ih + " to " + w + "x" + h);
        }
        float[] d = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(image.data(), (c * ih + y) * iw, d, (c * h + y) * w, w);
            }
        }
        return Tensor.of(d, 3, h, w);
    }
}
