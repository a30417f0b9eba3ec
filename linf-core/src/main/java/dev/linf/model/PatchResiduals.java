package dev.linf.model;

import dev.linf.kernels.GridSample;
import dev.linf.tensor.Tensor;

/**
 * The 27-dimensional residual patches LINF-patch is trained on (spec section 6): at HR pixel
 * (r, c), element {@code ch*9 + a*3 + b} is the residual of channel ch at (r - 1 + a, c - 1 + b),
 * the residual being the HR image minus the {@code interpolate} bilinear upscaling of the LR input
 * (both in [-1, 1] space), zero outside the image.
 */
public final class PatchResiduals {
    private PatchResiduals() {
    }

    /**
     * One patch centred at every pixel of {@code hr} (3, H, W): a (27, H, W) tensor.
     *
     * @param inp normalised LR input (3, h, w)
     * @param hr HR image in [-1, 1], (3, H, W)
     * @return the residual patches
     */
    public static Tensor everyPixel(Tensor inp, Tensor hr) {
        int h = inp.dim(1);
        int w = inp.dim(2);
        int height = hr.dim(1);
        int width = hr.dim(2);
        int plane = height * width;
        float[] residual = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < height; r++) {
                for (int col = 0; col < width; col++) {
                    int p = r * width + col;
                    residual[c * plane + p] = hr.data()[c * plane + p]
                            - GridSample.resizeBilinear(inp.data(), h, w, c, height, width, r, col);
                }
            }
        }
        int p3 = PatchGrid.PATCH;
        float[] out = new float[3 * p3 * p3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int a = 0; a < p3; a++) {
                for (int b = 0; b < p3; b++) {
                    int k = (c * p3 + a) * p3 + b;
                    for (int r = 0; r < height; r++) {
                        int sr = r - 1 + a;
                        for (int col = 0; col < width; col++) {
                            int sc = col - 1 + b;
                            if (sr >= 0 && sr < height && sc >= 0 && sc < width) {
                                out[k * plane + r * width + col] = residual[c * plane + sr * width + sc];
                            }
                        }
                    }
                }
            }
        }
        return Tensor.of(out, 3 * p3 * p3, height, width);
    }
}
