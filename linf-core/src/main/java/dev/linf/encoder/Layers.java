package dev.linf.encoder;

import dev.linf.kernels.ConvWeights;
import dev.linf.tensor.Tensor;
import java.util.List;

/** Element-wise steps and bookkeeping shared by the encoders. */
public final class Layers {
    private Layers() {
    }

    /**
     * ReLU, in place.
     *
     * @param t the tensor
     * @return {@code t}
     */
    public static Tensor relu(Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(d[i], 0f);
        }
        return t;
    }

    /**
     * PyTorch's LeakyReLU: {@code x > 0 ? x : x * slope}.
     *
     * @param t the tensor, changed in place
     * @param slope the slope below zero
     * @return {@code t}
     */
    public static Tensor leakyRelu(Tensor t, float slope) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] > 0f ? d[i] : d[i] * slope;
        }
        return t;
    }

    /**
     * {@code acc += other}, element-wise; returns acc.
     *
     * @param acc the tensor added to, in place
     * @param other the tensor added
     * @return {@code acc}
     */
    public static Tensor add(Tensor acc, Tensor other) {
        float[] a = acc.data();
        float[] b = other.data();
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return acc;
    }

    /**
     * {@code acc = acc * factor + other} in float32, as PyTorch's {@code x * 0.2 + y}; returns acc.
     *
     * @param acc the tensor added to, in place
     * @param factor the scale of {@code acc}
     * @param other the tensor added
     * @return {@code acc}
     */
    public static Tensor scaleAdd(Tensor acc, float factor, Tensor other) {
        float[] a = acc.data();
        float[] b = other.data();
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * factor + b[i];
        }
        return acc;
    }

    /**
     * Parameters of a list of convolutions.
     *
     * @param convs the convolutions
     * @return the count
     */
    public static long parameters(List<ConvWeights> convs) {
        long n = 0;
        for (ConvWeights c : convs) {
            n += c.parameterCount();
        }
        return n;
    }

    /**
     * Multiply-accumulates per pixel of a list of convolutions.
     *
     * @param convs the convolutions
     * @return the count
     */
    public static long macsPerPixel(List<ConvWeights> convs) {
        long n = 0;
        for (ConvWeights c : convs) {
            n += (long) c.outChannels() * c.inChannels() * c.kernelSize() * c.kernelSize();
        }
        return n;
    }

    /**
     * The sum of all half-widths: an upper bound on the receptive radius that is exact for encoders
     * whose convolutions all lie on one chain (dense connections included).
     *
     * @param convs the convolutions
     * @return the sum of their half-widths
     */
    public static int radius(List<ConvWeights> convs) {
        int r = 0;
        for (ConvWeights c : convs) {
            r += c.kernelSize() / 2;
        }
        return r;
    }
}
