package dev.linf.image;

import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 in the APP1 "Exif" segment), read from the file's
 * first segments without decoding it, and applied to a (C, H, W) tensor so the picture is upright,
 * as viewers show it. Values 1-8 as in the EXIF standard; anything unreadable counts as 1 (as is).
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    /** The orientation of a JPEG file, 1 when absent or not a JPEG. */
    static int of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(128 * 1024); // EXIF lives in the first 64 KB segment
            return parse(head);
        } catch (IOException e) {
            return 1;
        }
    }

    static int parse(byte[] b) {
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return 1;
        }
        int p = 2;
        while (p + 4 <= b.length && (b[p] & 0xff) == 0xFF) {
            int marker = b[p + 1] & 0xff;
            int len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            if (marker == 0xDA || len < 2) {
                return 1; // start of scan: no EXIF before the image data
            }
            int seg = p + 4;
            if (marker == 0xE1 && seg + 6 <= b.length && b[seg] == 'E' && b[seg + 1] == 'x' && b[seg + 2] == 'i'
                    && b[seg + 3] == 'f') {
                return tiffOrientation(b, seg + 6, Math.min(b.length, p + 2 + len));
            }
            p += 2 + len;
        }
        return 1;
    }

    /** Orientation from the TIFF header at {@code t} (IFD0 entries), bounded by {@code end}. */
    private static int tiffOrientation(byte[] b, int t, int end) {
        if (t + 8 > end) {
            return 1;
        }
        boolean little = b[t] == 'I' && b[t + 1] == 'I';
        if (!little && !(b[t] == 'M' && b[t + 1] == 'M')) {
            return 1;
        }
        long ifd = t + u32(b, t + 4, little);
        if (ifd + 2 > end) {
            return 1;
        }
        int count = u16(b, (int) ifd, little);
        for (int i = 0; i < count; i++) {
            int e = (int) ifd + 2 + 12 * i;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(b, e, little) == 0x0112) {
                int v = u16(b, e + 8, little);
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int i, boolean little) {
        int x = b[i] & 0xff;
        int y = b[i + 1] & 0xff;
        return little ? x | (y << 8) : (x << 8) | y;
    }

    private static long u32(byte[] b, int i, boolean little) {
        long lo = u16(b, little ? i : i + 2, little);
        long hi = u16(b, little ? i + 2 : i, little);
        return (hi << 16) | lo;
    }

    /**
     * The upright version of a (C, H, W) tensor stored with EXIF orientation {@code o}: 2 mirror,
     * 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate 90 counter-clockwise.
     */
    static Tensor apply(Tensor t, int o) {
        if (o <= 1 || o > 8) {
            return t;
        }
        int c = t.dim(0);
        int h = t.dim(1);
        int w = t.dim(2);
        boolean swap = o >= 5;
        int oh = swap ? w : h;
        int ow = swap ? h : w;
        float[] src = t.data();
        float[] dst = new float[src.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    dst[(ch * oh + y) * ow + x] = src[(ch * h + sourceRow(o, h, y, x)) * w + sourceCol(o, w, y, x)];
                }
            }
        }
        return Tensor.of(dst, c, oh, ow);
    }

    /** The image turned upright for orientation {@code o}, of the same type (any colour model). */
    static BufferedImage apply(BufferedImage img, int o) {
        if (o <= 1 || o > 8) {
            return img;
        }
        int h = img.getHeight();
        int w = img.getWidth();
        boolean swap = o >= 5;
        int oh = swap ? w : h;
        int ow = swap ? h : w;
        WritableRaster src = img.getRaster();
        WritableRaster dst = img.getColorModel().createCompatibleWritableRaster(ow, oh);
        Object pixel = null;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                pixel = src.getDataElements(sourceCol(o, w, y, x), sourceRow(o, h, y, x), pixel);
                dst.setDataElements(x, y, pixel);
            }
        }
        return new BufferedImage(img.getColorModel(), dst, img.isAlphaPremultiplied(), null);
    }

    /** The source row of upright pixel (y, x) for orientation o (2-8) of an h-row image. */
    private static int sourceRow(int o, int h, int y, int x) {
        return switch (o) {
            case 2 -> y;
            case 3, 4 -> h - 1 - y;
            case 5, 8 -> x;
            default -> h - 1 - x; // 6, 7
        };
    }

    /** The source column of upright pixel (y, x) for orientation o (2-8) of a w-column image. */
    private static int sourceCol(int o, int w, int y, int x) {
        return switch (o) {
            case 2, 3 -> w - 1 - x;
            case 4 -> x;
            case 5, 6 -> y;
            default -> w - 1 - y; // 7, 8
        };
    }
}
