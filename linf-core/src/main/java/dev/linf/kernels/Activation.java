package dev.linf.kernels;

/**
 * What a convolution applies to its output before storing it, so the encoders need no separate
 * pass over the feature map. Each is PyTorch's element-wise definition in float32.
 */
public enum Activation {
    /** The convolution's value itself. */
    NONE,
    /** {@code max(x, 0)}. */
    RELU,
    /** LeakyReLU(0.2), as ESRGAN's dense blocks: {@code x > 0 ? x : x * 0.2}. */
    LEAKY_RELU_0_2;

    /** The slope below zero of {@link #LEAKY_RELU_0_2}. */
    public static final float LEAKY_SLOPE = 0.2f;

    /**
     * The activation of one value.
     *
     * @param x the convolution's value
     * @return the activated value
     */
    public float apply(float x) {
        return switch (this) {
            case NONE -> x;
            case RELU -> Math.max(x, 0f);
            case LEAKY_RELU_0_2 -> x > 0f ? x : x * LEAKY_SLOPE;
        };
    }
}
