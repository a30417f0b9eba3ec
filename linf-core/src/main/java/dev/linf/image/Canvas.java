package dev.linf.image;

import dev.linf.model.PixelSink;
import dev.linf.tensor.Tensor;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Objects;

/**
 * An output picture being filled by a model: its colour arrives pixel by pixel through
 * {@link #colour()} (from the computing threads, straight into the final 8- or 16-bit samples, so
 * no float copy of a large output exists), its alpha plane as a whole; then {@link #picture}.
 */
public final class Canvas {
    /**
     * What the samples of a picture are.
     *
     * @param bits 8 or 16 per channel
     * @param gray one colour channel (the mean of the model's three) instead of RGB
     * @param alpha with an alpha channel
     */
    public record Kind(int bits, boolean gray, boolean alpha) {

        /** Checks the bit depth. */
        public Kind {
            if (bits != 8 && bits != 16) {
                throw new IllegalArgumentException("bits per channel must be 8 or 16, got " + bits);
            }
        }

        /**
         * The kind that stores an upscaled {@code input} as well as {@code format} can.
         *
         * @param input the picture that was upscaled
         * @param keepAlpha whether its alpha, if any, is kept
         * @param format {@code png}, {@code jpeg} or {@code bmp}, or null for the input's own kind
         * @return PNG or null: the input's kind; JPEG: 8 bits, gray kept, no alpha; BMP: 8-bit RGB
         */
        public static Kind of(Picture input, boolean keepAlpha, String format) {
            boolean alpha = keepAlpha && input.hasAlpha();
            if (format == null || format.equals("png")) {
                return new Kind(input.bits(), input.gray(), alpha);
            }
            return new Kind(8, input.gray() && format.equals("jpeg"), false);
        }

        boolean matches(BufferedImage img) {
            var cm = img.getColorModel();
            if (cm instanceof IndexColorModel) {
                return false;
            }
            boolean g = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
            return g == gray && cm.hasAlpha() == alpha && (cm.getComponentSize(0) > 8 ? 16 : 8) == bits;
        }
    }

    private final Kind kind;
    private final BufferedImage image;
    private volatile boolean finished;

    /**
     * An empty canvas.
     *
     * @param kind what its samples are
     * @param width columns
     * @param height rows
     */
    public Canvas(Kind kind, int width, int height) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("canvas size must be at least 1x1, got " + width + "x" + height);
        }
        this.image = create(kind, width, height);
    }

    private static BufferedImage create(Kind kind, int w, int h) {
        if (kind.bits() == 8 && !kind.gray() && !kind.alpha()) {
            return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        }
        int bands = (kind.gray() ? 1 : 3) + (kind.alpha() ? 1 : 0);
        int type = kind.bits() == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        ColorSpace cs = ColorSpace.getInstance(kind.gray() ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        int[] sizes = new int[bands];
        java.util.Arrays.fill(sizes, kind.bits());
        ComponentColorModel cm = new ComponentColorModel(cs, sizes, kind.alpha(), false,
                kind.alpha() ? Transparency.TRANSLUCENT : Transparency.OPAQUE, type);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
    }

    /** {@return what the samples are} */
    public Kind kind() {
        return kind;
    }

    /**
     * Where the model's colours go: values in [0, 1] quantised as {@code round(v * max)} (gray: of
     * the mean of the three channels). Distinct pixels may be written from different threads.
     *
     * @return the sink
     */
    public PixelSink colour() {
        requireOpen();
        PixelSink sink = samples();
        // The picture handed out by picture() shares these samples: no writes after it.
        return (row, col, r, g, b) -> {
            if (finished) {
                throw new IllegalStateException("the canvas was finished");
            }
            sink.put(row, col, r, g, b);
        };
    }

    private PixelSink samples() {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return Images.sinkInto(image);
        }
        WritableRaster r = image.getRaster();
        int max = (1 << kind.bits()) - 1;
        if (kind.gray()) {
            return (row, col, red, green, blue) -> r.setSample(col, row, 0, quantise((red + green + blue) / 3f, max));
        }
        return (row, col, red, green, blue) -> {
            r.setSample(col, row, 0, quantise(red, max));
            r.setSample(col, row, 1, quantise(green, max));
            r.setSample(col, row, 2, quantise(blue, max));
        };
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("the canvas was finished");
        }
    }

    /**
     * Sets the alpha channel.
     *
     * @param plane (1, H, W) in [0, 1]
     */
    public void alpha(Tensor plane) {
        requireOpen();
        if (!kind.alpha()) {
            throw new IllegalStateException("this canvas has no alpha channel");
        }
        if (!plane.hasShape(1, image.getHeight(), image.getWidth())) {
            throw new IllegalArgumentException("alpha must be (1, H, W) like the canvas, got " + plane);
        }
        WritableRaster r = image.getRaster();
        int band = r.getNumBands() - 1;
        int max = (1 << kind.bits()) - 1;
        int w = image.getWidth();
        float[] a = plane.data();
        for (int i = 0; i < a.length; i++) {
            r.setSample(i % w, i / w, band, quantise(a[i], max));
        }
    }

    /**
     * The finished picture, which takes the samples over: the canvas refuses writes afterwards.
     *
     * @param iccProfile the profile to carry, or null
     * @return the picture
     */
    public Picture picture(byte[] iccProfile) {
        requireOpen();
        finished = true;
        return new Picture(image, iccProfile, 1);
    }

    /**
     * The finished image itself, handed over without a copy (tagged with the profile when there is
     * one): the canvas refuses writes afterwards.
     *
     * @param iccProfile the profile to carry, or null
     * @return the image
     */
    public BufferedImage toBufferedImage(byte[] iccProfile) {
        requireOpen();
        finished = true;
        return IccProfiles.tagged(image, iccProfile);
    }

    /** The samples, for a picture converting itself in this package before any picture() call. */
    BufferedImage image() {
        return image;
    }

    private static int quantise(float v, int max) {
        float c = Math.min(Math.max(v, 0f), 1f);
        return c == c ? (int) Math.rint(c * max) : 0;
    }
}
