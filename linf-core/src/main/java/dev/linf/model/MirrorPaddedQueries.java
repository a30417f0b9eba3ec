package dev.linf.model;

import dev.linf.tensor.Tensor;

/**
 * One pixel per query for window-attention encoders (SwinIR), evaluated as the official scripts
 * with {@code --window}: the input mirror-padded to the window grid and the queries in the padded
 * frame ({@link MirrorPad}, spec section 7.4).
 *
 * @param window the window the input is padded to (8 in the official scripts)
 */
public record MirrorPaddedQueries(int window) implements QueryProtocol {

    /** Checks the window. */
    public MirrorPaddedQueries {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
    }

    @Override
    public Evaluation evaluation(Tensor image, int outHeight, int outWidth) {
        Tensor inp = LinfModel.normalise(image);
        int h = inp.dim(1);
        int w = inp.dim(2);
        return new Evaluation(MirrorPad.pad(inp, window), MirrorPad.grid(h, w, outHeight, outWidth, window), outHeight,
                outWidth);
    }

    /** The official padded grid (s hp, s wp, D) for an integer factor s; otherwise the output's. */
    @Override
    public int[] latentShape(int inHeight, int inWidth, int outHeight, int outWidth, int dim) {
        int rows = outHeight % inHeight == 0 ? outHeight / inHeight * MirrorPad.padded(inHeight, window) : outHeight;
        int cols = outWidth % inWidth == 0 ? outWidth / inWidth * MirrorPad.padded(inWidth, window) : outWidth;
        return new int[] {rows, cols, dim};
    }

    @Override
    public void emit(Evaluation e, QueryGrid sub, int local, int query, double[] x, int off, PixelWriter out) {
        PixelQueries.emitPixel(e, sub, local, query, x, off, out);
    }
}
