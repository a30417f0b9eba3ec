package dev.linf.encoder.swin;

/**
 * LayerNorm over the channels of each token (eps 1e-5, biased variance), statistics in double.
 * Immutable: the arrays are copied in and out.
 *
 * @param weight the per-channel gain
 * @param bias the per-channel shift
 */
public record LayerNorm(float[] weight, float[] bias) {
    private static final double EPS = 1e-5;

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
    void apply(float[] in, float[] out, int tokens) {
        apply(in, 0, out, 0, tokens);
    }

    /** {@link #apply(float[], float[], int)} on tokens starting at {@code in[inOff]}, written from {@code out[outOff]}. */
    void apply(float[] in, int inOff, float[] out, int outOff, int tokens) {
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
            double rstd = 1 / Math.sqrt(var / c + EPS);
            for (int i = 0; i < c; i++) {
                out[dst + i] = (float) ((in[base + i] - mean) * rstd * weight[i] + bias[i]);
            }
        }
    }

}
