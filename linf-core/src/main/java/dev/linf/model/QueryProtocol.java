package dev.linf.model;

import dev.linf.tensor.Tensor;

/**
 * How a model family turns an upscale into queries and query results into pixels (spec sections
 * 5-7): one pixel per query on the output grid ({@link PixelQueries}); the same on a mirror-padded
 * input for window-attention encoders ({@link MirrorPaddedQueries}); or a 3x3 patch per query of a
 * stride-3 grid ({@link PatchQueries}). The runner computes each query's flow output; the protocol
 * says where it goes.
 */
public sealed interface QueryProtocol permits PixelQueries, MirrorPaddedQueries, PatchQueries {

    /**
     * The official evaluation's input and queries for upscaling {@code image} (in [0, 1]) to
     * {@code outHeight x outWidth}.
     *
     * @param image (3, h, w) in [0, 1]
     * @param outHeight output rows
     * @param outWidth output columns
     * @return the normalised input and the query grid
     */
    Evaluation evaluation(Tensor image, int outHeight, int outWidth);

    /**
     * The shape (rows, cols, D) of the latents the official code draws for this upscale, the layout
     * {@link ReplayedNoise} replays.
     *
     * @param inHeight input rows
     * @param inWidth input columns
     * @param outHeight output rows
     * @param outWidth output columns
     * @param dim the flow's dimension D
     * @return {rows, cols, D}
     */
    int[] latentShape(int inHeight, int inWidth, int outHeight, int outWidth, int dim);

    /**
     * Writes the pixels of one query's flow output {@code x[off .. off + D)}.
     *
     * @param e the evaluation the query belongs to
     * @param sub the (sub-)grid the query was computed in
     * @param local the query's index in {@code sub}
     * @param query the query's row-major index in {@code e.grid()}
     * @param x flow outputs
     * @param off where this query's output starts
     * @param out where the pixels go
     */
    void emit(Evaluation e, QueryGrid sub, int local, int query, double[] x, int off, PixelWriter out);
}
