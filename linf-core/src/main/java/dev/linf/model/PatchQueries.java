package dev.linf.model;

import dev.linf.kernels.GridSample;
import dev.linf.tensor.Tensor;

/**
 * LINF-patch (spec section 6): each query of the stride-3 {@link PatchGrid} gives a 3x3 patch
 * (flow element {@code c*9 + a*3 + b} = channel c, patch row a, column b), folded, cropped to the
 * output size, plus the {@code interpolate} bilinear upscaling of the input.
 */
public final class PatchQueries implements QueryProtocol {
    static final PatchQueries INSTANCE = new PatchQueries();

    private PatchQueries() {
    }

    @Override
    public Evaluation evaluation(Tensor image, int outHeight, int outWidth) {
        Tensor inp = LinfModel.normalise(image);
        return new Evaluation(inp, PatchGrid.forUpscale(inp.dim(1), inp.dim(2), outHeight, outWidth), outHeight,
                outWidth);
    }

    @Override
    public int[] latentShape(int inHeight, int inWidth, int outHeight, int outWidth, int dim) {
        return new int[] {PatchGrid.patches(outHeight), PatchGrid.patches(outWidth), dim};
    }

    @Override
    public void emit(Evaluation e, QueryGrid sub, int local, int query, double[] x, int off, PixelWriter out) {
        int p = PatchGrid.PATCH;
        int height = e.outHeight();
        int width = e.outWidth();
        Tensor inp = e.input();
        int row0 = query / e.grid().cols() * p;
        int col0 = query % e.grid().cols() * p;
        for (int a = 0; a < p && row0 + a < height; a++) {
            for (int b = 0; b < p && col0 + b < width; b++) {
                int row = row0 + a;
                int col = col0 + b;
                int k = a * p + b;
                out.put(row, col, (float) x[off + k] + resized(inp, 0, height, width, row, col),
                        (float) x[off + p * p + k] + resized(inp, 1, height, width, row, col),
                        (float) x[off + 2 * p * p + k] + resized(inp, 2, height, width, row, col));
            }
        }
    }

    private static float resized(Tensor inp, int c, int height, int width, int row, int col) {
        return GridSample.resizeBilinear(inp.data(), inp.dim(1), inp.dim(2), c, height, width, row, col);
    }
}
