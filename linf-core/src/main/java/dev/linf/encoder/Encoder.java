package dev.linf.encoder;

import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.tensor.Tensor;

/**
 * The CNN/Transformer that turns the normalised LR image (3, h, w) in [-1, 1] into a feature map
 * (C, h, w) on the same grid. LINF uses it without any upsampler.
 */
public interface Encoder {

    /** Architecture name as the official spec writes it, e.g. {@code edsr-baseline}. */
    String name();

    /** Channels of the feature map (64 for every official encoder). */
    int outChannels();

    long parameterCount();

    /** Multiply-accumulates per LR pixel, for the FLOP model. */
    long macsPerPixel();

    /**
     * How many LR pixels away an input pixel can still change a feature (the sum of the
     * convolutions' half-widths): tiles with this much overlap give exactly the untiled features.
     */
    int receptiveRadius();

    /**
     * Whether features of a crop with {@link #receptiveRadius()} of margin equal the whole image's,
     * so large images may be encoded tile by tile.
     */
    default boolean tileable() {
        return true;
    }

    /**
     * The window the official evaluation pads the input to (by mirroring, spec section 7.4), or 0
     * for none. SwinIR's is 8, the official scripts' {@code --window 8}.
     */
    default int mirrorPadWindow() {
        return 0;
    }

    /**
     * The (C, h', w') feature map of a normalised (3, h, w) input; h' = h and w' = w except for
     * encoders that pad internally (SwinIR, to a multiple of its window).
     */
    Tensor encode(Tensor inp, Kernels kernels, Parallel parallel);

    /** {@link #encode(Tensor, Kernels, Parallel)} on the calling thread. */
    default Tensor encode(Tensor inp, Kernels kernels) {
        return encode(inp, kernels, Parallel.serial());
    }
}
