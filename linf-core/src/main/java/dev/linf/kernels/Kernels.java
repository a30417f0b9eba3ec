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
    Tensor conv2d(Tensor input, ConvWeights w, Parallel parallel);

    /** {@link #conv2d(Tensor, ConvWeights, Parallel)} on the calling thread. */
    default Tensor conv2d(Tensor input, ConvWeights w) {
        return conv2d(input, w, Parallel.serial());
    }

    /**
     * {@code cos[cosOff + i] = cos(arg[argOff + i])}, {@code sin[sinOff + i] = sin(arg[argOff + i])}
     * for i in [0, n).
     */
    void cosSin(float[] arg, int argOff, int n, float[] cos, int cosOff, float[] sin, int sinOff);

    /**
     * Applies a dense layer to {@code rows} row vectors: {@code out[r*out + o] = bias[o] + sum_i
     * in[r*in + i] * W[o,i]}, followed by ReLU when {@code relu} is set.
     */
    void dense(float[] in, int rows, DenseLayer layer, float[] out, boolean relu);
}
