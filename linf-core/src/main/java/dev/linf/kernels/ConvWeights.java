package dev.linf.kernels;

/**
 * A square 2-D convolution with bias, stride 1 and zero "same" padding (k / 2), as every
 * convolution in LINF is. {@code weight} is laid out as PyTorch stores it: (out, in, k, k).
 * Immutable: the arrays are copied in and out, so packed copies that fast kernels cache per layer
 * can never go stale.
 *
 * @param outChannels output channels
 * @param inChannels input channels
 * @param kernelSize kernel side (odd)
 * @param weight (out, in, k, k) row-major
 * @param bias out values
 */
public record ConvWeights(int outChannels, int inChannels, int kernelSize, float[] weight, float[] bias) {
    /** Checks the weight and bias lengths against the sizes. */
    public ConvWeights {
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd, got " + kernelSize);
        }
        if (weight.length != (long) outChannels * inChannels * kernelSize * kernelSize) {
            throw new IllegalArgumentException("conv weight has " + weight.length + " elements, expected "
                    + outChannels + "x" + inChannels + "x" + kernelSize + "x" + kernelSize);
        }
        if (bias.length != outChannels) {
            throw new IllegalArgumentException("conv bias has " + bias.length + " elements, expected " + outChannels);
        }
        weight = weight.clone();
        bias = bias.clone();
    }

    /** {@return a copy of the weights, (out, in, k, k) row-major} */
    @Override
    public float[] weight() {
        return weight.clone();
    }

    /** {@return a copy of the biases} */
    @Override
    public float[] bias() {
        return bias.clone();
    }

    /** The weights themselves, for the reference kernels (never handed out). */
    float[] weights() {
        return weight;
    }

    /** The biases themselves, for the reference kernels (never handed out). */
    float[] biases() {
        return bias;
    }

    /**
     * The number of parameters.
     *
     * @return weights plus biases
     */
    public long parameterCount() {
        return (long) weight.length + bias.length;
    }
}
