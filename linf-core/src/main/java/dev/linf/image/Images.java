package dev.linf.image;

import dev.linf.errors.InvalidInputException;
import dev.linf.io.AtomicFiles;
import dev.linf.tensor.Tensor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Conversions between image files / {@link BufferedImage}s and (3, H, W) float32 tensors in
 * [0, 1], with the official conventions: {@code ToTensor} divides by 255 and saved images are
 * {@code round(img * 255)}. Grayscale and palette images become RGB; alpha is dropped.
 */
public final class Images {
    /** Largest image we decode, in pixels; checked from the header, before decoding. */
    public static final long MAX_INPUT_PIXELS = 100_000_000L;

    private Images() {
    }

    /**
     * Reads a PNG, JPEG, BMP (or any format ImageIO knows) as a (3, H, W) tensor in [0, 1], upright
     * (a JPEG's EXIF orientation applied); alpha is dropped. {@link Picture#read(Path)} keeps it.
     *
     * @param file the image file
     * @return (3, H, W) in [0, 1]
     * @throws InvalidInputException when it cannot be read as an image
     */
    public static Tensor read(Path file) {
        return Picture.read(file).rgb();
    }

    /** A decoded image and what its file said beside the pixels. */
    record Decoded(BufferedImage image, byte[] icc) {
    }

    /**
     * Decodes an image after checking the size its header claims against {@link #MAX_INPUT_PIXELS}
     * and against the free heap; {@code name} names the source in errors (null for a stream).
     */
    static Decoded decode(ImageInputStream in, Path name) {
        try {
            if (in == null) {
                throw new InvalidInputException(name, "cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException(name, "not an image in a supported format (PNG, JPEG, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                // Only a PNG's metadata is parsed (for its ICC profile): the JPEG reader's metadata
                // parser refuses common camera files (Exif APP1 before JFIF APP0).
                boolean png = "png".equalsIgnoreCase(reader.getFormatName());
                reader.setInput(in, true, !png);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w < 1 || h < 1) {
                    throw new InvalidInputException(name, "image has no pixels (" + w + "x" + h + ")");
                }
                if ((long) w * h > MAX_INPUT_PIXELS) {
                    throw new InvalidInputException(name, String.format(
                            "image claims %dx%d pixels, more than the limit of %d", w, h, MAX_INPUT_PIXELS));
                }
                requireHeap(name, (long) w * h * decodedBytesPerPixel(reader));
                BufferedImage img = reader.read(0);
                return new Decoded(img, png ? IccProfiles.read(reader.getImageMetadata(0)) : null);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(name, "unreadable image (" + e.getMessage() + ")", e);
        } catch (OutOfMemoryError e) {
            throw new InvalidInputException(name, "too large to decode in this JVM's heap (" + e.getMessage() + ")");
        }
    }

    /**
     * Bytes per pixel of the decoded image (its first image type's bands, 4 bytes at most each)
     * plus what the model reads it into: three float planes and an alpha plane.
     */
    private static long decodedBytesPerPixel(ImageReader reader) throws IOException {
        long raw = 4 * 4;
        Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (types != null && types.hasNext()) {
            java.awt.image.SampleModel sm = types.next().getSampleModel(1, 1);
            int bits = 0;
            for (int size : sm.getSampleSize()) {
                bits += size;
            }
            raw = Math.max(1, (bits + 7) / 8);
        }
        return raw + 16;
    }

    /**
     * Refuses, before allocating, a decode that needs more than the heap the JVM can still give.
     *
     * @param name the source, for the message
     * @param bytes the memory the decode needs
     */
    static void requireHeap(Path name, long bytes) {
        long available = dev.linf.io.Heap.available(bytes);
        if (bytes > available) {
            throw new InvalidInputException(name, String.format(
                    "decoding needs about %d MB but only %d MB of heap are free (raise -Xmx, or shrink the image)",
                    bytes >> 20, available >> 20));
        }
    }

    /** The alpha plane (1, H, W) in [0, 1] of an image that has one. */
    static Tensor alpha(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] a = new float[h * w];
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    a[y * w + x] = (row[x] >>> 24) / 255f;
                }
            }
        } else {
            Raster r = img.getRaster();
            int band = r.getNumBands() - 1;
            float max = (1 << cm.getComponentSize(band)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    a[y * w + x] = r.getSample(x, y, band) / max;
                }
            }
        }
        return Tensor.of(a, 1, h, w);
    }

    /**
     * The RGB channels of an image as a (3, H, W) tensor in [0, 1]. Gray images are read from
     * their samples and replicated: {@code getRGB} would treat their gray as linear and convert it
     * to sRGB, changing every value.
     *
     * @param img the image
     * @return (3, H, W) in [0, 1]
     */
    public static Tensor toTensor(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] d = new float[3 * h * w];
        ColorModel cm = img.getColorModel();
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
            Raster r = img.getRaster();
            float max = (1 << cm.getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = r.getSample(x, y, 0) / max;
                    d[y * w + x] = v;
                    d[(h + y) * w + x] = v;
                    d[(2 * h + y) * w + x] = v;
                }
            }
            return Tensor.of(d, 3, h, w);
        }
        if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB
                && cm.getComponentSize(0) > 8 && img.getRaster().getNumBands() >= 3) {
            // 16-bit RGB(A): read the samples, getRGB would cut them to 8 bits.
            Raster r = img.getRaster();
            float max = (1 << cm.getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        d[(c * h + y) * w + x] = r.getSample(x, y, c) / max;
                    }
                }
            }
            return Tensor.of(d, 3, h, w);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                d[y * w + x] = ((p >> 16) & 0xff) / 255f;
                d[(h + y) * w + x] = ((p >> 8) & 0xff) / 255f;
                d[(2 * h + y) * w + x] = (p & 0xff) / 255f;
            }
        }
        return Tensor.of(d, 3, h, w);
    }

    /**
     * An 8-bit RGB image of a (3, H, W) tensor in [0, 1]: values clamped, then round(v * 255).
     *
     * @param t (3, H, W) in [0, 1]
     * @return a TYPE_INT_RGB image
     */
    public static BufferedImage toImage(Tensor t) {
        if (t.rank() != 3 || t.dim(0) != 3) {
            throw new IllegalArgumentException("image tensor must be (3, H, W), got " + t);
        }
        int h = t.dim(1);
        int w = t.dim(2);
        float[] d = t.data();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = to8(d[y * w + x]);
                int g = to8(d[(h + y) * w + x]);
                int b = to8(d[(2 * h + y) * w + x]);
                row[x] = (r << 16) | (g << 8) | b;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    /**
     * A sink that stores pixels into an 8-bit RGB image of {@code TYPE_INT_RGB} with the same
     * quantisation as {@link #toImage}; distinct pixels may be written from different threads.
     *
     * @param img a TYPE_INT_RGB image
     * @return the sink
     */
    public static dev.linf.model.PixelSink sinkInto(BufferedImage img) {
        if (img.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("sinkInto needs a TYPE_INT_RGB image");
        }
        int[] px = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int w = img.getWidth();
        return (row, col, r, g, b) -> px[row * w + col] = (to8(r) << 16) | (to8(g) << 8) | to8(b);
    }

    static int to8(float v) {
        float c = Math.min(Math.max(v, 0f), 1f); // NaN maps to 0 below
        return c == c ? (int) Math.rint(c * 255f) : 0;
    }

    /**
     * The ImageIO format name for a file name's extension, or null when it is not an image type.
     *
     * @param file the file name
     * @return png, jpeg, bmp or null
     */
    public static String formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "jpeg";
        }
        if (name.endsWith(".bmp")) {
            return "bmp";
        }
        return null;
    }

    /**
     * Writes a (3, H, W) tensor in [0, 1] as an image whose format follows the extension, atomically.
     *
     * @param file where to write
     * @param t (3, H, W) in [0, 1]
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, Tensor t) throws IOException {
        write(file, toImage(t));
    }

    /**
     * Writes an image in the format its extension names, atomically (temporary file, then rename).
     *
     * @param file where to write
     * @param img the image
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, BufferedImage img) throws IOException {
        write(file, img, DEFAULT_JPEG_QUALITY);
    }

    /** JPEG quality used unless one is given: 0.92, visually lossless for photographs. */
    public static final float DEFAULT_JPEG_QUALITY = 0.92f;

    /**
     * {@link #write(Path, BufferedImage)} with the JPEG quality in (0, 1] (ignored for other formats).
     *
     * @param file where to write
     * @param img the image
     * @param jpegQuality in (0, 1]
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, BufferedImage img, float jpegQuality) throws IOException {
        write(file, img, jpegQuality, null);
    }

    /**
     * {@link #write(Path, BufferedImage, float)} embedding an ICC colour profile (raw bytes, or null
     * for none) in PNG and JPEG output; BMP output carries none.
     *
     * @param file where to write
     * @param img the image
     * @param jpegQuality in (0, 1]
     * @param iccProfile the profile's bytes, or null
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, BufferedImage img, float jpegQuality, byte[] iccProfile) throws IOException {
        String format = formatOf(file);
        if (format == null) {
            throw new IllegalArgumentException(file + ": unknown output type (use .png, .jpg, .bmp or .npy)");
        }
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + jpegQuality);
        }
        AtomicFiles.write(file, out -> encode(out, img, format, jpegQuality, iccProfile));
    }

    /** Encodes {@code img} in {@code format} (an ImageIO name: png, jpeg, bmp) onto {@code out}. */
    static void encode(java.io.OutputStream out, BufferedImage img, String format, float jpegQuality,
            byte[] iccProfile) throws IOException {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("jpeg")) {
                param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality);
            }
            BufferedImage tagged = format.equals("jpeg") ? IccProfiles.tagged(img, iccProfile) : img;
            javax.imageio.metadata.IIOMetadata metadata = format.equals("png")
                    ? IccProfiles.pngMetadata(writer, img, param, iccProfile) : null;
            writer.write(null, new javax.imageio.IIOImage(tagged, null, metadata), param);
        } finally {
            writer.dispose();
        }
    }
}
