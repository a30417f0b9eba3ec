package dev.linf.kernels;

import dev.linf.tensor.Tensor;

/**
 * The compute kernels the model is written against. {@link ReferenceKernels} is the plain-Java
 * oracle; faster backends implement the same contract and are tested against it.
 * Implementations are stateless and safe to share between threads.
 */
public interface Kernels {

    /**
     * A short name for logs and {@code linf info}.
     *
     * @return the name
     */
    String name();

    /**
     * Loads and links what these kernels need, as their first use would: a caller with other work
     * to do first (a command line parsing its arguments) can run it on another thread so that the
     * first model does not wait for it. Optional; safe to call from any thread, any number of times.
     */
    default void prepare() {
    }

    /**
     * Convolution of a (C, H, W) input with zero "same" padding: returns (out, H, W) with
     * {@code out[o,y,x] = bias[o] + sum w[o,c,i,j] * in[c, y+i-k/2, x+j-k/2]}.
     *
     * @param input (C, H, W)
     * @param w the weights
     * @param parallel the threads to compute on
     * @return (out, H, W)
     */
    Tensor conv2d(Tensor input, ConvWeights w, Parallel parallel);

    /**
     * The same convolution returned pixel-major, (H, W, out): the layout the per-query gathers
     * want. Fast kernels compute it directly; this default transposes.
     *
     * @param input (C, H, W)
     * @param w the weights
     * @param parallel the threads to compute on
     * @return (H, W, out)
     */
    default Tensor conv2dPixelMajor(Tensor input, ConvWeights w, Parallel parallel) {
        return PixelMajor.fromChw(conv2d(input, w, parallel), parallel);
    }

    /**
     * The same convolution on a pixel-major (H, W, C) input, returned pixel-major (H, W, out): for
     * encoders that keep their activations in that layout from layer to layer, so the fast kernels
     * neither transpose nor re-pad channel planes between layers. This default converts.
     *
     * @param input (H, W, C)
     * @param w the weights
     * @param parallel the threads to compute on
     * @return (H, W, out)
     */
    default Tensor conv2dHwc(Tensor input, ConvWeights w, Parallel parallel) {
        return conv2dPixelMajor(PixelMajor.toChw(input, parallel), w, parallel);
    }

    /**
     * The same convolution from some channels of a pixel-major buffer into some channels of another
     * (or of the same one, when the slices do not overlap), activated on the way out: a dense block's
     * concatenation without copies. Fast kernels may round differently from
     * {@link #conv2dHwc} (a Winograd transform); this default copies and calls it.
     *
     * @param input (H, W, in) channels to read
     * @param w the weights
     * @param activation applied to each output value
     * @param output (H, W, out) channels to write
     * @param parallel the threads to compute on
     */
    default void conv2d(ChannelSlice input, ConvWeights w, Activation activation, ChannelSlice output,
            Parallel parallel) {
        requireSlices(input, w, output);
        output.write(conv2dHwc(input.copy(parallel), w, parallel), activation, parallel);
    }

    /**
     * Checks that two slices fit a convolution's channels and each other's size.
     *
     * @param input the slice read
     * @param w the weights
     * @param output the slice written
     */
    static void requireSlices(ChannelSlice input, ConvWeights w, ChannelSlice output) {
        if (input.channels() != w.inChannels() || output.channels() != w.outChannels() || input.h() != output.h()
                || input.w() != output.w()) {
            throw new IllegalArgumentException("a " + w.inChannels() + " -> " + w.outChannels() + " convolution cannot read "
                    + input.h() + "x" + input.w() + "x" + input.channels() + " and write " + output.h() + "x" + output.w()
                    + "x" + output.channels());
        }
    }

    /**
     * {@link #conv2d(Tensor, ConvWeights, Parallel)} on the calling thread.
     *
     * @param input (C, H, W)
     * @param w the weights
     * @return (out, H, W)
     */
    default Tensor conv2d(Tensor input, ConvWeights w) {
        return conv2d(input, w, Parallel.serial());
    }

    /**
     * {@code cos[cosOff + i] = cos(arg[argOff + i])}, {@code sin[sinOff + i] = sin(arg[argOff + i])}
     * for i in [0, n).
     *
     * @param arg arguments
     * @param argOff first argument
     * @param n how many
     * @param cos receives the cosines
     * @param cosOff where the first goes
     * @param sin receives the sines
     * @param sinOff where the first goes
     */
    void cosSin(float[] arg, int argOff, int n, float[] cos, int cosOff, float[] sin, int sinOff);

    /**
     * Applies a dense layer to {@code rows} row vectors: {@code out[r*out + o] = bias[o] + sum_i
     * in[r*in + i] * W[o,i]}, followed by ReLU when {@code relu} is set.
     *
     * @param in rows x in values
     * @param rows row vectors
     * @param layer the layer
     * @param out receives rows x out values
     * @param relu whether ReLU follows
     */
    default void dense(float[] in, int rows, DenseLayer layer, float[] out, boolean relu) {
        dense(in, 0, rows, layer, out, 0, relu);
    }

    /**
     * {@link #dense(float[], int, DenseLayer, float[], boolean)} on rows starting at {@code in[inOff]},
     * written from {@code out[outOff]}: a band of a larger matrix, for callers that split rows
     * between threads (each row's result is independent of the others').
     *
     * @param in the input matrix, rows x in values from {@code inOff}
     * @param inOff where its first row starts
     * @param rows row vectors
     * @param layer the layer
     * @param out receives rows x out values from {@code outOff}
     * @param outOff where the first result row goes
     * @param relu whether ReLU follows
     */
    void dense(float[] in, int inOff, int rows, DenseLayer layer, float[] out, int outOff, boolean relu);

    /**
     * One neighbour's block of the Fourier-feature ensemble (spec section 4, steps 3 and 5): with
     * {@code arg_c = pi * (freq[src + c] * relY + freq[src + half + c] * relX + work[c])} (work[0, half)
     * holds the phase term), writes {@code (weight * coef[src + c]) * cos(arg_c)} to {@code out[dst + c]}
     * and {@code (weight * coef[src + half + c]) * sin(arg_c)} to {@code out[dst + half + c]}, c in
     * [0, half); work[half, 2 half) is scratch. float32 in the official order.
     *
     * @param freq the frequency map
     * @param coef the coefficient map
     * @param src the neighbour's offset in both maps
     * @param half hidden / 2
     * @param relY relative row position of the query
     * @param relX relative column position of the query
     * @param weight the neighbour's area weight
     * @param work phase terms then scratch, 2 half values
     * @param out receives 2 half features
     * @param dst where they go
     */
    default void fourierFeatures(float[] freq, float[] coef, int src, int half, float relY, float relX, float weight,
            float[] work, float[] out, int dst) {
        for (int c = 0; c < half; c++) {
            float f = freq[src + c] * relY + freq[src + half + c] * relX;
            f += work[c];
            work[half + c] = (float) Math.PI * f;
        }
        cosSin(work, half, half, out, dst, out, dst + half);
        for (int c = 0; c < 2 * half; c++) {
            out[dst + c] = (weight * coef[src + c]) * out[dst + c];
        }
    }

    /**
     * The flow's conditional scales: {@code out[outOff + i] = flowScale(in[off + i])},
     * i.e. {@code sigmoid(in + 2) + 1e-4}, for i in [0, n). Fast kernels may differ by an ulp or two.
     *
     * @param in raw conditions
     * @param off first one
     * @param n how many
     * @param out receives the scales
     * @param outOff where the first goes
     */
    default void flowScales(float[] in, int off, int n, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = flowScale(in[off + i]);
        }
    }

    /**
     * The flow's conditional scale {@code sigmoid(raw + 2) + 1e-4}, computed in double and rounded
     * to float: the value every path (scalar or vector kernels, forward or inverse) agrees on.
     *
     * @param raw the MLP's output
     * @return the scale
     */
    static float flowScale(float raw) {
        return (float) (1.0 / (1.0 + Math.exp(-(raw + 2.0))) + 1e-4);
    }

    /**
     * A softmax over {@code a[off .. off + n)}, in place: {@code e_j = exp(a_j - max)} in float,
     * their sum in double in index order, each {@code e_j} divided by the sum rounded to float
     * (attention's weights). Fast kernels may differ in exp by an ulp or two.
     *
     * @param a the values
     * @param off where they start
     * @param n how many
     */
    default void softmax(float[] a, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, a[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(a[off + j] - max);
            a[off + j] = e;
            sum += e;
        }
        float inv = (float) sum;
        for (int j = 0; j < n; j++) {
            a[off + j] /= inv;
        }
    }

    /**
     * {@link #softmax} of {@code (a_j + b_j) + c_j} over {@code a[off .. off + n)}, in place, each sum
     * rounded to float as written: attention's scores plus the relative position bias plus the shift
     * mask, with the additions in the softmax's first pass.
     *
     * @param a the values, replaced by the weights
     * @param off where they start
     * @param n how many
     * @param b the first addend, from {@code bOff}
     * @param bOff where it starts
     * @param c the second addend, from {@code cOff}
     * @param cOff where it starts
     */
    default void softmax(float[] a, int off, int n, float[] b, int bOff, float[] c, int cOff) {
        for (int j = 0; j < n; j++) {
            a[off + j] = (a[off + j] + b[bOff + j]) + c[cOff + j];
        }
        softmax(a, off, n);
    }

    /**
     * {@code out[outOff + i] = in[inOff + i] * factor} for i below n; {@code in} and {@code out} may
     * be the same range.
     *
     * @param in the values
     * @param inOff where they start
     * @param n how many
     * @param factor the factor
     * @param out where the products go, from {@code outOff}
     * @param outOff where they start
     */
    default void scale(float[] in, int inOff, int n, float factor, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = in[inOff + i] * factor;
        }
    }

    /**
     * PyTorch's exact GELU in place, {@code x * 0.5 * (1 + erf(x / sqrt 2))}, on
     * {@code a[off .. off + n)}. Here erf in double (see {@code Gelu}); fast kernels may evaluate it
     * in float within 6e-7 relative (PyTorch's own float {@code 1 + erf} loses all relative accuracy
     * for negative inputs below about -4).
     *
     * @param a the values, replaced by their GELU
     * @param off where the first is
     * @param n how many
     */
    default void gelu(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = Gelu.apply(a[i]);
        }
    }

    /**
     * PyTorch's LayerNorm over the last dimension (eps 1e-5) of {@code tokens} rows of
     * {@code weight.length} values: {@code (x - mean) / sqrt(var + eps) * weight + bias}, biased
     * variance. Here mean and variance in double; fast kernels may accumulate in float (a relative
     * difference of about 1e-7). {@code in} and {@code out} may be the same array.
     *
     * @param in the rows
     * @param inOff where the first starts
     * @param out receives the normalised rows
     * @param outOff where the first goes
     * @param tokens rows
     * @param weight per-channel scale
     * @param bias per-channel shift
     */
    default void layerNorm(float[] in, int inOff, float[] out, int outOff, int tokens, float[] weight, float[] bias) {
        int c = weight.length;
        for (int t = 0; t < tokens; t++) {
            int base = inOff + t * c;
            int dst = outOff + t * c;
            double mean = 0;
            for (int i = 0; i < c; i++) {
                mean += in[base + i];
            }
            mean /= c;
            double var = 0;
            for (int i = 0; i < c; i++) {
                double d = in[base + i] - mean;
                var += d * d;
            }
            double rstd = 1 / Math.sqrt(var / c + 1e-5);
            for (int i = 0; i < c; i++) {
                out[dst + i] = (float) ((in[base + i] - mean) * rstd * weight[i] + bias[i]);
            }
        }
    }

    /**
     * {@code out[outOff + i*n + j] = sum_c a[aOff + i*k + c] * b[bOff + j*k + c]}: A (m x k) times
     * the transpose of B (n x k), as attention's {@code q k^T}.
     *
     * @param a A, m x k
     * @param aOff where A starts
     * @param b B, n x k
     * @param bOff where B starts
     * @param m rows of A
     * @param n rows of B
     * @param k shared length
     * @param out receives m x n values
     * @param outOff where they go
     */
    default void matmulTransposed(float[] a, int aOff, float[] b, int bOff, int m, int n, int k, float[] out,
            int outOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int c = 0; c < k; c++) {
                    s += a[aOff + i * k + c] * b[bOff + j * k + c];
                }
                out[outOff + i * n + j] = s;
            }
        }
    }

    /**
     * {@code out[outOff + i*n + j] = sum_c a[aOff + i*k + c] * b[bOff + c*n + j]}: A (m x k) times B (k x n).
     *
     * @param a A, m x k
     * @param aOff where A starts
     * @param b B, k x n
     * @param bOff where B starts
     * @param m rows of A
     * @param n columns of B
     * @param k shared length
     * @param out receives m x n values
     * @param outOff where they go
     */
    default void matmul(float[] a, int aOff, float[] b, int bOff, int m, int n, int k, float[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(out, outOff + i * n, outOff + (i + 1) * n, 0f);
            for (int c = 0; c < k; c++) {
                float v = a[aOff + i * k + c];
                for (int j = 0; j < n; j++) {
                    out[outOff + i * n + j] += v * b[bOff + c * n + j];
                }
            }
        }
    }
}
