package dev.linf.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.InvalidInputException;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(ihdr);
        c.writeBytes("IHDR");
        c.writeInt(w);
        c.writeInt(h);
        c.write(new byte[] {8, 2, 0, 0, 0});
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
