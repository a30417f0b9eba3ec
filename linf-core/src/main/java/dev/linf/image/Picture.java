package dev.linf.image;

import dev.linf.errors.InvalidInputException;
import dev.linf.tensor.Tensor;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * An image as its file had it: the pixels (upright: a JPEG's EXIF orientation is applied when
 * read), the bits per channel (8 or 16), gray or colour, alpha, whether it was a palette image,
 * and its embedded ICC colour profile. Reading and writing keep all of these, so an upscaled
 * picture is stored the way the original was. Immutable: the pixels are copied in and out.
 *
 * <pre>{@code
 * Picture p = Picture.read(Path.of("logo.png"));   // 16-bit gray with alpha, say
 * Picture big = upscaler.upscale(p, Target.scale(3));
 * big.write(Path.of("logo-x3.png"));               // still 16-bit gray with alpha
 * }</pre>
 */
public final class Picture {
    /** Largest stream {@link #read(InputStream)} accepts, in bytes. */
    public static final int MAX_STREAM_BYTES = 1 << 30;

    private final BufferedImage image;
    private final byte[] icc;
    private final int orientation;

    Picture(BufferedImage image, byte[] icc, int orientation) {
        this.image = image;
        this.icc = icc == null ? null : icc.clone();
        this.orientation = orientation;
    }

    /**
     * Reads a PNG, JPEG or BMP file (8 or 16 bits per channel, RGB, gray or palette, with or
     * without alpha), refusing from its header images over {@link Images#MAX_INPUT_PIXELS} pixels
     * or larger than the free heap.
     *
     * @param file the image file
     * @return the picture, upright
     * @throws InvalidInputException naming the file and the problem when it cannot be used
     */
    public static Picture read(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        Images.Decoded d;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            d = Images.decode(in, file);
        } catch (IOException e) {
            throw new InvalidInputException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        int o = ExifOrientation.of(file);
        return new Picture(ExifOrientation.apply(d.image(), o), d.icc(), o);
    }

    /**
     * {@link #read(Path)} from a stream (read to its end, at most {@link #MAX_STREAM_BYTES}; not closed).
     *
     * @param in the encoded image
     * @return the picture, upright
     * @throws InvalidInputException when it cannot be used
     */
    public static Picture read(InputStream in) {
        Objects.requireNonNull(in, "in");
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_STREAM_BYTES);
            if (in.read() >= 0) {
                throw new InvalidInputException(null, "stream is longer than " + MAX_STREAM_BYTES + " bytes");
            }
        } catch (IOException e) {
            throw new InvalidInputException(null, "stream cannot be read (" + e.getMessage() + ")", e);
        }
        Images.Decoded d;
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            d = Images.decode(iis, null);
        } catch (IOException e) {
            throw new InvalidInputException(null, "stream cannot be read (" + e.getMessage() + ")", e);
        }
        int o = ExifOrientation.parse(Arrays.copyOf(bytes, Math.min(bytes.length, 128 * 1024)));
        return new Picture(ExifOrientation.apply(d.image(), o), d.icc(), o);
    }

    /**
     * A picture of an image in memory (copied). A colour space with a non-standard ICC profile is
     * kept as the picture's profile.
     *
     * @param image the image
     * @return the picture
     */
    public static Picture of(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        ColorSpace cs = image.getColorModel().getColorSpace();
        byte[] icc = cs instanceof ICC_ColorSpace ics && !cs.isCS_sRGB()
                && cs != ColorSpace.getInstance(ColorSpace.CS_GRAY) ? ics.getProfile().getData() : null;
        return new Picture(copy(image), icc, 1);
    }

    private static BufferedImage copy(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        return new BufferedImage(cm, img.copyData(null), img.isAlphaPremultiplied(), null);
    }

    /** {@return width in pixels} */
    public int width() {
        return image.getWidth();
    }

    /** {@return height in pixels} */
    public int height() {
        return image.getHeight();
    }

    /** {@return bits per channel: 16 for 16-bit files, otherwise 8} */
    public int bits() {
        ColorModel cm = image.getColorModel();
        return !(cm instanceof IndexColorModel) && cm.getComponentSize(0) > 8 ? 16 : 8;
    }

    /** {@return whether the picture is gray (one colour channel)} */
    public boolean gray() {
        ColorModel cm = image.getColorModel();
        return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel);
    }

    /** {@return whether it has an alpha channel (a palette with transparency counts)} */
    public boolean hasAlpha() {
        return image.getColorModel().hasAlpha();
    }

    /** {@return whether the file was a palette (indexed-colour) image} */
    public boolean palette() {
        return image.getColorModel() instanceof IndexColorModel;
    }

    /** {@return a copy of the embedded ICC profile's bytes, or null when there is none} */
    public byte[] iccProfile() {
        return icc == null ? null : icc.clone();
    }

    /** {@return the EXIF orientation the file had (1-8, already applied to the pixels; 1 when none)} */
    public int exifOrientation() {
        return orientation;
    }

    /**
     * The pixels as a new image of the same kind (bit depth, gray, alpha, palette), tagged with
     * the ICC profile when there is one.
     *
     * @return a new image
     */
    public BufferedImage toBufferedImage() {
        return IccProfiles.tagged(copy(image), icc);
    }

    /**
     * The colour channels as a new (3, H, W) tensor in [0, 1] (gray replicated to three channels),
     * as the model reads them.
     *
     * @return a new tensor
     */
    public Tensor rgb() {
        return Images.toTensor(image);
    }

    /** {@return the alpha plane as a new (1, H, W) tensor in [0, 1], or null when there is none} */
    public Tensor alpha() {
        return hasAlpha() ? Images.alpha(image) : null;
    }

    /**
     * Writes the picture in the format its extension names (.png, .jpg, .bmp), atomically: a
     * temporary file renamed into place, so a failure leaves no partial file.
     *
     * @param file where to write
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        write(file, Images.DEFAULT_JPEG_QUALITY);
    }

    /**
     * {@link #write(Path)} with a JPEG quality. PNG keeps everything; JPEG keeps gray, 8 bits and
     * the profile but not alpha; BMP stores 8-bit RGB.
     *
     * @param file where to write
     * @param jpegQuality in (0, 1], used for JPEG
     * @throws IOException when it cannot be written
     */
    public void write(Path file, float jpegQuality) throws IOException {
        String format = Images.formatOf(Objects.requireNonNull(file, "file"));
        if (format == null) {
            throw new IllegalArgumentException(file + ": unknown output type (use .png, .jpg or .bmp)");
        }
        Images.write(file, storable(format), jpegQuality, icc);
    }

    /**
     * Encodes the picture onto a stream (not closed).
     *
     * @param out the stream
     * @param format {@code png}, {@code jpeg} (or {@code jpg}) or {@code bmp}
     * @param jpegQuality in (0, 1], used for JPEG
     * @throws IOException when the stream fails
     */
    public void write(OutputStream out, String format, float jpegQuality) throws IOException {
        Objects.requireNonNull(out, "out");
        String f = Images.formatOf(Path.of("x." + Objects.requireNonNull(format, "format")));
        if (f == null) {
            throw new IllegalArgumentException("unknown format '" + format + "' (use png, jpeg or bmp)");
        }
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + jpegQuality);
        }
        Images.encode(out, storable(f), f, jpegQuality, icc);
    }

    /** The pixels as {@code format} can store them, converted only when needed. */
    private BufferedImage storable(String format) {
        Canvas.Kind kind = Canvas.Kind.of(this, true, format);
        if (kind.matches(image)) {
            return image;
        }
        Canvas c = new Canvas(kind, width(), height());
        Tensor rgb = rgb();
        float[] d = rgb.data();
        int n = width() * height();
        var sink = c.colour();
        for (int i = 0; i < n; i++) {
            sink.put(i / width(), i % width(), d[i], d[n + i], d[2 * n + i]);
        }
        if (kind.alpha()) {
            c.alpha(alpha());
        }
        return c.image();
    }
}
