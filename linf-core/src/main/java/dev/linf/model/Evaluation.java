package dev.linf.model;

import dev.linf.tensor.Tensor;

/**
 * What the official evaluation feeds the model for one upscale: the normalised (maybe padded)
 * input in [-1, 1], the queries, and the size of the output they make.
 *
 * @param input the normalised input, (3, h', w')
 * @param grid the queries
 * @param outHeight output rows
 * @param outWidth output columns
 */
public record Evaluation(Tensor input, QueryGrid grid, int outHeight, int outWidth) {
}
