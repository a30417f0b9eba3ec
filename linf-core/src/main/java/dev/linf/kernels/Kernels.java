package dev.linf.kernels;

import dev.linf.tensor.Tensor;

/**
 * The compute kernels the model is written against. {@link ReferenceKernels} is the plain-Java
 * oracle; faster backends implement the same contract and are tested against it.
 * Implementations are stateless and safe to share between threads.
 */
public interface Kernels {

    /** A short name for logs and {@code linf info}. */
    String name();

    /**
     * Convolution of a (C, H, W) input with zero "same" padding: returns (out, H, W) with
     * {@code out[o,y,x] = bias[o] + sum w[o,c,i,j] * in[c, y+i-k/2, x+j-k/2]}.
     */
    Tensor conv2d(Tensor input, ConvWeights w);

    /**
     * Applies a dense layer to {@code rows} row vectors: {@code out[r*out + o] = bias[o] + sum_i
     * in[r*in + i] * W[o,i]}, followed by ReLU when {@code relu} is set.
     */
    void dense(float[] in, int rows, DenseLayer layer, float[] out, boolean relu);
}
