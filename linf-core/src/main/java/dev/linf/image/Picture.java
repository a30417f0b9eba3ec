package dev.linf.image;

import dev.linf.tensor.Tensor;

/**
 * A decoded image as the model sees it plus what it takes to store the result the same way: the
 * colour as a (3, H, W) tensor in [0, 1] (gray replicated to three channels), the alpha plane
 * (1, H, W) or null, the bits per channel of the file (8 or 16), whether it was gray, and its
 * embedded ICC colour profile (raw bytes) or null.
 */
public record Picture(Tensor rgb, Tensor alpha, int bits, boolean gray, byte[] iccProfile) {

    /** A picture without a colour profile. */
    public Picture(Tensor rgb, Tensor alpha, int bits, boolean gray) {
        this(rgb, alpha, bits, gray, null);
    }

    public Picture {
        if (rgb.rank() != 3 || rgb.dim(0) != 3) {
            throw new IllegalArgumentException("colour must be (3, H, W), got " + rgb);
        }
        if (alpha != null && !alpha.hasShape(1, rgb.dim(1), rgb.dim(2))) {
            throw new IllegalArgumentException("alpha must be (1, H, W) like the colour, got " + alpha);
        }
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits per channel must be 8 or 16, got " + bits);
        }
    }

    public int height() {
        return rgb.dim(1);
    }

    public int width() {
        return rgb.dim(2);
    }
}
