package dev.linf.encoder;

import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.tensor.Tensor;

/**
 * The CNN/Transformer that turns the normalised LR image (3, h, w) in [-1, 1] into a feature map
 * (C, h, w) on the same grid. LINF uses it without any upsampler.
 */
public interface Encoder {

    /**
     * Architecture name as the official spec writes it, e.g. {@code edsr-baseline}.
     *
     * @return the name
     */
    String name();

    /**
     * Channels of the feature map (64 for every official encoder).
     *
     * @return the channels
     */
    int outChannels();

    /**
     * The number of parameters.
     *
     * @return the count
     */
    long parameterCount();

    /**
     * Multiply-accumulates per LR pixel, for the FLOP model.
     *
     * @return the count
     */
    long macsPerPixel();

    /**
     * How many LR pixels away an input pixel can still change a feature (the sum of the
     * convolutions' half-widths): tiles with this much overlap give exactly the untiled features.
     *
     * @return the radius in LR pixels
     */
    int receptiveRadius();

    /**
     * Whether features of a crop with {@link #receptiveRadius()} of margin equal the whole image's,
     * so large images may be encoded tile by tile.
     *
     * @return whether tiles give the untiled features
     */
    default boolean tileable() {
        return true;
    }

    /**
     * Bytes of working memory per input pixel while encoding, beyond the feature maps every
     * encoder holds (which the runner counts from {@link #outChannels()}): what an encoder that
     * cannot be tiled needs on top, to refuse an image up front instead of running out of memory.
     *
     * @return bytes per input pixel (0 for the convolutional encoders)
     */
    default long workingBytesPerPixel() {
        return 0;
    }

    /**
     * The window the official evaluation pads the input to (by mirroring, spec section 7.4), or 0
     * for none. SwinIR's is 8, the official scripts' {@code --window 8}.
     *
     * @return the window, or 0
     */
    default int mirrorPadWindow() {
        return 0;
    }

    /**
     * The (C, h', w') feature map of a normalised (3, h, w) input; h' = h and w' = w except for
     * encoders that pad internally (SwinIR, to a multiple of its window).
     *
     * @param inp normalised input (3, h, w)
     * @param kernels the kernels to compute with
     * @param parallel the threads to compute on
     * @return the feature map
     */
    Tensor encode(Tensor inp, Kernels kernels, Parallel parallel);

    /**
     * {@link #encode(Tensor, Kernels, Parallel)} on the calling thread.
     *
     * @param inp normalised input (3, h, w)
     * @param kernels the kernels to compute with
     * @return the feature map
     */
    default Tensor encode(Tensor inp, Kernels kernels) {
        return encode(inp, kernels, Parallel.serial());
    }
}
