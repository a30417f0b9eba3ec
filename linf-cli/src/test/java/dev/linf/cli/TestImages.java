package dev.linf.cli;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;

/** Test images of every kind a file can hold. */
final class TestImages {
    private TestImages() {
    }

    /** An image of the given kind with a colour pattern and, where it has one, an alpha ramp. */
    static BufferedImage kind(String kind, int w, int h) {
        BufferedImage img = switch (kind) {
            case "rgb8" -> new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            case "argb8" -> new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            case "gray8" -> new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            case "gray16" -> new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
            case "rgb16", "rgba16", "grayalpha8", "grayalpha16" -> {
                boolean gray = kind.startsWith("gray");
                boolean alpha = !kind.equals("rgb16");
                int bits = kind.endsWith("16") ? 16 : 8;
                int bands = (gray ? 1 : 3) + (alpha ? 1 : 0);
                int[] sizes = new int[bands];
                java.util.Arrays.fill(sizes, bits);
                ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(gray ? ColorSpace.CS_GRAY
                        : ColorSpace.CS_sRGB), sizes, alpha, false, alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
                        bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
                yield new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
            }
            case "palette", "palette-transparent" -> {
                byte[] r = new byte[16];
                byte[] g = new byte[16];
                byte[] b = new byte[16];
                byte[] a = new byte[16];
                for (int i = 0; i < 16; i++) {
                    r[i] = (byte) (i * 17);
                    g[i] = (byte) (255 - i * 13);
                    b[i] = (byte) (i * 91);
                    a[i] = (byte) (i < 4 ? 0 : 255);
                }
                IndexColorModel cm = kind.equals("palette") ? new IndexColorModel(4, 16, r, g, b)
                        : new IndexColorModel(4, 16, r, g, b, a);
                yield new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, cm);
            }
            default -> throw new IllegalArgumentException(kind);
        };
        WritableRaster r = img.getRaster();
        boolean indexed = img.getColorModel() instanceof IndexColorModel;
        int max = indexed ? 15 : (1 << img.getColorModel().getComponentSize(0)) - 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int band = 0; band < r.getNumBands(); band++) {
                    boolean alphaBand = !indexed && img.getColorModel().hasAlpha() && band == r.getNumBands() - 1;
                    double v = alphaBand ? y / (double) (h - 1) : ((x * 7 + y * 3 + band * 11) % 23) / 22.0;
                    r.setSample(x, y, band, (int) Math.round(v * max));
                }
            }
        }
        return img;
    }

}
