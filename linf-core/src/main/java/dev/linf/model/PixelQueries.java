package dev.linf.model;

import dev.linf.kernels.GridSample;
import dev.linf.tensor.Tensor;

/**
 * One pixel per query on the output's pixel-centre grid (EDSR-baseline, RDN): the flow's 3-dim
 * residual plus the bilinear LR colour at the query (spec section 5).
 */
public final class PixelQueries implements QueryProtocol {
    static final PixelQueries INSTANCE = new PixelQueries();

    private PixelQueries() {
    }

    @Override
    public Evaluation evaluation(Tensor image, int outHeight, int outWidth) {
        Tensor inp = LinfModel.normalise(image);
        return new Evaluation(inp, QueryGrid.forUpscale(inp.dim(1), inp.dim(2), outHeight, outWidth), outHeight,
                outWidth);
    }

    @Override
    public int[] latentShape(int inHeight, int inWidth, int outHeight, int outWidth, int dim) {
        return new int[] {outHeight, outWidth, dim};
    }

    @Override
    public void emit(Evaluation e, QueryGrid sub, int local, int query, double[] x, int off, PixelWriter out) {
        emitPixel(e, sub, local, query, x, off, out);
    }

    /** The residual at {@code x[off ..]} plus the bilinear base at the query, to its grid position. */
    static void emitPixel(Evaluation e, QueryGrid sub, int local, int query, double[] x, int off, PixelWriter out) {
        float y = sub.y(local);
        float xc = sub.x(local);
        Tensor inp = e.input();
        int cols = e.grid().cols();
        out.put(query / cols, query % cols, (float) x[off] + base(inp, 0, y, xc), (float) x[off + 1] + base(inp, 1, y, xc),
                (float) x[off + 2] + base(inp, 2, y, xc));
    }

    /**
     * Bilinear LR colour at a query (border padding): the base the flow's residual is added to.
     *
     * @param inp normalised input (3, h, w)
     * @param channel the channel
     * @param cy row coordinate
     * @param cx column coordinate
     * @return the base colour
     */
    public static float base(Tensor inp, int channel, float cy, float cx) {
        return GridSample.bilinearBorder(inp.data(), inp.dim(1), inp.dim(2), channel, cy, cx);
    }
}
