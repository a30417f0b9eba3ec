package dev.linf.kernels;

/**
 * A fully connected layer {@code y = W x + b} applied per query (LINF's 1x1 convolutions).
 * {@code weight} is (out, in) as PyTorch stores it; {@code weightT} is the same matrix transposed
 * to (in, out), packed once here because the reference kernel streams it row by row. Immutable:
 * the arrays are copied in and out, so packed copies that fast kernels cache per layer can never
 * go stale.
 *
 * @param inFeatures inputs
 * @param outFeatures outputs
 * @param weight (out, in) row-major
 * @param weightT the transpose, (in, out)
 * @param bias out values
 */
public record DenseLayer(int inFeatures, int outFeatures, float[] weight, float[] weightT, float[] bias) {
    /** Checks the lengths against the sizes. */
    public DenseLayer {
        if (weight.length != (long) inFeatures * outFeatures || weightT.length != weight.length) {
            throw new IllegalArgumentException(
                    "dense weight has " + weight.length + " elements, expected " + outFeatures + "x" + inFeatures);
        }
        if (bias.length != outFeatures) {
            throw new IllegalArgumentException("dense bias has " + bias.length + " elements, expected " + outFeatures);
        }
        weight = weight.clone();
        weightT = weightT.clone();
        bias = bias.clone();
    }

    /** {@return a copy of the weights, (out, in) row-major} */
    @Override
    public float[] weight() {
        return weight.clone();
    }

    /** {@return a copy of the transposed weights, (in, out) row-major} */
    @Override
    public float[] weightT() {
        return weightT.clone();
    }

    /** {@return a copy of the biases} */
    @Override
    public float[] bias() {
        return bias.clone();
    }

    /** The transposed weights themselves, for the reference kernels (never handed out). */
    float[] transposed() {
        return weightT;
    }

    /** The biases themselves, for the reference kernels (never handed out). */
    float[] biases() {
        return bias;
    }

    /**
     * Builds a layer from PyTorch's (out, in) weight, packing the transposed copy.
     *
     * @param in inputs
     * @param out outputs
     * @param weight (out, in) row-major
     * @param bias out values
     * @return the layer, with its transposed weight
     */
    public static DenseLayer of(int in, int out, float[] weight, float[] bias) {
        if (weight.length != (long) in * out) {
            throw new IllegalArgumentException(
                    "dense weight has " + weight.length + " elements, expected " + out + "x" + in);
        }
        float[] t = new float[weight.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = weight[o * in + i];
            }
        }
        return new DenseLayer(in, out, weight, t, bias);
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
