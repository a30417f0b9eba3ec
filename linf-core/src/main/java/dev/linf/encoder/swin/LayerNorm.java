package dev.linf.encoder.swin;

import dev.linf.kernels.Kernels;

/**
 * LayerNorm over the channels of each token (eps 1e-5, biased variance), statistics in double.
 * Immutable: the arrays are copied in and out.
 *
 * @param weight the per-channel gain
 * @param bias the per-channel shift
 */
public record LayerNorm(float[] weight, float[] bias) {
    /** Checks that gain and shift have one value per channel. */
    public LayerNorm {
        if (weight.length != bias.length) {
            throw new IllegalArgumentException("LayerNorm weight and bias differ in length");
        }
        weight = weight.clone();
        bias = bias.clone();
    }

    /** {@return a copy of the gains} */
    @Override
    public float[] weight() {
        return weight.clone();
    }

    /** {@return a copy of the shifts} */
    @Override
    public float[] bias() {
        return bias.clone();
    }

    /**
     * The channels it normalises.
     *
     * @return the count
     */
    public int channels() {
        return weight.length;
    }

    /** Normalises {@code tokens} rows of {@code channels()} values from {@code in} into {@code out}. */
    void apply(Kernels kernels, float[] in, float[] out, int tokens) {
        apply(kernels, in, 0, out, 0, tokens);
    }

    /** {@link Kernels#layerNorm} with these gains and shifts. */
    void apply(Kernels kernels, float[] in, int inOff, float[] out, int outOff, int tokens) {
        kernels.layerNorm(in, inOff, out, outOff, tokens, weight, bias);
    }
}
