package dev.linf;

import java.awt.image.BufferedImage;

/** Gives an upscaled image the {@link BufferedImage#getType() type} of the image it came from. */
final class SameType {
    private SameType() {
    }

    /**
     * {@code result} converted to {@code original}'s type when that is a standard sRGB type (exact:
     * both are 8-bit sRGB), {@code result} itself otherwise (gray, 16-bit and custom images come
     * out as a component image of the same depth, colour and alpha).
     */
    static BufferedImage as(BufferedImage result, BufferedImage original) {
        int type = original.getType();
        switch (type) {
            case BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_INT_BGR,
                    BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_4BYTE_ABGR_PRE -> {
                if (result.getColorModel().getColorSpace().isCS_sRGB() && result.getColorModel().getComponentSize(0) == 8
                        && result.getColorModel().getNumColorComponents() == 3) {
                    BufferedImage out = new BufferedImage(result.getWidth(), result.getHeight(), type);
                    int w = result.getWidth();
                    int[] row = new int[w];
                    for (int y = 0; y < result.getHeight(); y++) {
                        result.getRGB(0, y, w, 1, row, 0, w);
                        out.setRGB(0, y, w, 1, row, 0, w);
                    }
                    return out;
                }
                return result;
            }
            default -> {
                return result;
            }
        }
    }
}
