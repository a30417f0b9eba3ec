package dev.linf.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.errors.InvalidInputException;
import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @TempDir
    Path dir;

    @Test
    void eightBitValuesRoundTripExactly() throws IOException {
        float[] d = new float[3 * 2 * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = (i * 14) / 255f;
        }
        Tensor t = Tensor.of(d, 3, 2, 3);
        Path f = dir.resolve("a.png");
        Images.write(f, t);
        assertArrayEquals(d, Images.read(f).data());
    }

    @Test
    void grayscaleBecomesThreeEqualChannels() {
        BufferedImage g = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(0, 0, 0, 51);
        g.getRaster().setSample(1, 0, 0, 255);
        Tensor t = Images.toTensor(g);
        assertEquals(t.get(0, 0, 1), t.get(1, 0, 1));
        assertEquals(t.get(0, 0, 1), t.get(2, 0, 1));
        assertEquals(1f, t.get(0, 0, 1));
        assertEquals(51 / 255f, t.get(2, 0, 0)); // the stored value, not a linear-to-sRGB conversion of it
    }

    @Test
    void valuesAreClampedAndRounded() {
        Tensor t = Tensor.of(new float[] {-0.5f, 2f, 0.5f}, 3, 1, 1);
        int rgb = Images.toImage(t).getRGB(0, 0) & 0xffffff;
        assertEquals(0x00ff80, rgb); // 0.5 * 255 = 127.5 rounds to the even 128
    }

    @Test
    void decompressionBombHeaderIsRefusedBeforeDecoding() throws IOException {
        Path f = dir.resolve("bomb.png");
        Files.write(f, pngHeader(100_000, 100_000));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Images.read(f));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void anImageBelowThePixelLimitThatWouldNotFitInTheHeapIsRefusedBeforeDecoding() throws IOException {
        // 99.98 megapixels of 16-bit RGBA: 8 bytes per pixel decoded plus 16 for the model's planes,
        // 2.4 GB, more than the tests' 2 GB heap; the file itself is 57 bytes.
        Path f = dir.resolve("heavy.png");
        Files.write(f, pngHeader(9_999, 9_999, 16, 6));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Picture.read(f));
        assertEquals(f, e.file());
        assertTrue(e.problem().startsWith("decoding needs about 2288 MB but only"), e.problem());
        InvalidInputException s = assertThrows(InvalidInputException.class,
                () -> Picture.read(new java.io.ByteArrayInputStream(Files.readAllBytes(f))));
        assertTrue(s.problem().startsWith("decoding needs about"), s.problem());
    }

    @Test
    void picturesRoundTripThroughStreamsKeepingTheirKind() throws IOException {
        int[] sizes = {16, 16};
        var cm = new java.awt.image.ComponentColorModel(java.awt.color.ColorSpace.getInstance(
                java.awt.color.ColorSpace.CS_GRAY), sizes, true, false, java.awt.Transparency.TRANSLUCENT,
                java.awt.image.DataBuffer.TYPE_USHORT);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(5, 3), false, null);
        for (int i = 0; i < 15; i++) {
            img.getRaster().setSample(i % 5, i / 5, 0, i * 4000);
            img.getRaster().setSample(i % 5, i / 5, 1, 65535 - i * 300);
        }
        Picture p = Picture.of(img);
        assertEquals(16, p.bits());
        assertTrue(p.gray() && p.hasAlpha() && !p.palette());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        p.write(png, "png", 0.9f);
        Picture back = Picture.read(new java.io.ByteArrayInputStream(png.toByteArray()));
        assertEquals(16, back.bits());
        assertTrue(back.gray() && back.hasAlpha());
        for (int band = 0; band < 2; band++) {
            assertArrayEquals(img.getRaster().getSamples(0, 0, 5, 3, band, (int[]) null),
                    back.toBufferedImage().getRaster().getSamples(0, 0, 5, 3, band, (int[]) null));
        }
        // Pixels are copied in and out: changing the image or a result leaves the picture alone.
        img.getRaster().setSample(0, 0, 0, 1);
        p.toBufferedImage().getRaster().setSample(1, 0, 0, 1);
        assertEquals(0, p.toBufferedImage().getRaster().getSample(0, 0, 0));
        assertEquals(4000, p.toBufferedImage().getRaster().getSample(1, 0, 0));
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        p.write(jpg, "jpg", 0.9f); // JPEG: 8-bit gray, no alpha
        Picture j = Picture.read(new java.io.ByteArrayInputStream(jpg.toByteArray()));
        assertEquals(8, j.bits());
        assertTrue(j.gray() && !j.hasAlpha());
        assertThrows(IllegalArgumentException.class, () -> p.write(new ByteArrayOutputStream(), "tiff", 0.9f));
    }

    @Test
    void aFinishedCanvasRefusesWritesSoItsPictureStaysAsItWas() {
        Canvas c = new Canvas(new Canvas.Kind(16, true, true), 3, 2);
        var sink = c.colour();
        sink.put(1, 2, 1f, 1f, 1f);
        c.alpha(Tensor.of(new float[] {0, 0.2f, 0.4f, 0.6f, 0.8f, 1f}, 1, 2, 3));
        Picture p = c.picture(null);
        assertThrows(IllegalStateException.class, () -> sink.put(0, 0, 1f, 1f, 1f));
        assertThrows(IllegalStateException.class, c::colour);
        BufferedImage img = p.toBufferedImage();
        assertEquals(65535, img.getRaster().getSample(2, 1, 0));
        assertEquals(0, img.getRaster().getSample(0, 0, 0));
        assertEquals(Math.round(0.2f * 65535), img.getRaster().getSample(1, 0, 1));
    }

    @Test
    void brokenFilesAreRefusedWithTheirName() throws IOException {
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Images.read(empty));
        assertEquals(empty, e.file());
        byte[] png = pngHeader(10, 10);
        Path truncated = Files.write(dir.resolve("trunc.png"), png); // header only, no pixel data
        assertThrows(InvalidInputException.class, () -> Images.read(truncated));
        assertThrows(InvalidInputException.class, () -> Images.read(dir.resolve("missing.png")));
    }

    /** A PNG signature and IHDR chunk claiming the given size, followed by IEND and no data. */
    static byte[] pngHeader(int w, int h) throws IOException {
        return pngHeader(w, h, 8, 2);
    }

    /** {@link #pngHeader(int, int)} with a bit depth and PNG colour type (2 RGB, 6 RGBA, 0 gray). */
    static byte[] pngHeader(int w, int h, int depth, int colourType) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(ihdr);
        c.writeBytes("IHDR");
        c.writeInt(w);
        c.writeInt(h);
        c.write(new byte[] {(byte) depth, (byte) colourType, 0, 0, 0});
        chunk(d, ihdr.toByteArray());
        chunk(d, "IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, byte[] typeAndData) throws IOException {
        d.writeInt(typeAndData.length - 4);
        d.write(typeAndData);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        d.writeInt((int) crc.getValue());
    }

    /** The ICC profile of an image file as ImageIO's metadata holds it, or null. */
    private static byte[] profileOf(Path file) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
            javax.imageio.ImageReader r = javax.imageio.ImageIO.getImageReaders(in).next();
            r.setInput(in, true, false);
            javax.imageio.metadata.IIOMetadata m = r.getImageMetadata(0);
            if (!java.util.Arrays.asList(m.getMetadataFormatNames()).contains("javax_imageio_jpeg_image_1.0")) {
                return IccProfiles.read(m);
            }
            org.w3c.dom.NodeList icc = ((javax.imageio.metadata.IIOMetadataNode) m.getAsTree(
                    "javax_imageio_jpeg_image_1.0")).getElementsByTagName("app2ICC");
            return icc.getLength() == 0 ? null : ((java.awt.color.ICC_Profile)
                    ((javax.imageio.metadata.IIOMetadataNode) icc.item(0)).getUserObject()).getData();
        }
    }

    @Test
    void pngIccProfilesAreCarriedIntoPngAndJpegOutputsWithPixelsUnconverted() throws IOException {
        BufferedImage img = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                img.setRGB(x, y, (x * 12) << 16 | (y * 20) << 8 | 77);
            }
        }
        byte[] linear = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB).getData();
        Path in = dir.resolve("profiled.png");
        Images.write(in, img, Images.DEFAULT_JPEG_QUALITY, linear);
        Picture p = Picture.read(in);
        assertArrayEquals(linear, p.iccProfile(), "a PNG's iCCP profile is read");
        assertEquals(12f / 255f, p.rgb().data()[1], 1e-7f, "pixels stay as stored, not converted by the profile");

        Path png = dir.resolve("out.png");
        p.write(png);
        assertArrayEquals(linear, profileOf(png));
        Path jpg = dir.resolve("out.jpg");
        p.write(jpg);
        assertArrayEquals(linear, profileOf(jpg), "JPEG gets the profile as an APP2 ICC marker");
        Path bmp = dir.resolve("out.bmp");
        p.write(bmp);
        assertEquals(null, profileOf(bmp));

        // ImageIO decodes a profiled JPEG into sRGB values: its profile no longer describes them.
        assertEquals(null, Picture.read(jpg).iccProfile());
        assertEquals(null, Picture.read(dir.resolve("out.bmp")).iccProfile());
    }
}
