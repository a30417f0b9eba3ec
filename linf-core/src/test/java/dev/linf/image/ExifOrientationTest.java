package dev.linf.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {
    /** Stored 2 rows x 3 columns: 1 2 3 / 4 5 6. */
    private static final Tensor T = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);

    @Test
    void eachOrientationMakesThePictureUpright() {
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, ExifOrientation.apply(T, 1).data());
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, ExifOrientation.apply(T, 2).data()); // mirror
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, ExifOrientation.apply(T, 3).data()); // 180
        assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, ExifOrientation.apply(T, 4).data()); // flip
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, ExifOrientation.apply(T, 5).data()); // transpose
        assertArrayEquals(new float[] {4, 1, 5, 2, 6, 3}, ExifOrientation.apply(T, 6).data()); // 90 clockwise
        assertArrayEquals(new float[] {6, 3, 5, 2, 4, 1}, ExifOrientation.apply(T, 7).data()); // transverse
        assertArrayEquals(new float[] {3, 6, 2, 5, 1, 4}, ExifOrientation.apply(T, 8).data()); // 90 counter-clockwise
        assertArrayEquals(new int[] {1, 3, 2}, ExifOrientation.apply(T, 6).shape());
    }

    @Test
    void parsingFindsTheTagAndIgnoresJunk() {
        byte[] exif = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0,
            8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(8, ExifOrientation.parse(exif));
        assertEquals(1, ExifOrientation.parse(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertEquals(1, ExifOrientation.parse(new byte[] {1, 2, 3, 4, 5}));
        byte[] truncated = java.util.Arrays.copyOf(exif, 24);
        assertEquals(1, ExifOrientation.parse(truncated));
    }

    @Test
    void imagesTurnLikeTensors() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(3, 2,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 6; i++) {
            img.getRaster().setSample(i % 3, i / 3, 0, i + 1);
        }
        for (int o = 1; o <= 8; o++) {
            float[] expected = ExifOrientation.apply(T, o).data();
            java.awt.image.BufferedImage turned = ExifOrientation.apply(img, o);
            int w = turned.getWidth();
            int h = turned.getHeight();
            float[] actual = new float[6];
            for (int i = 0; i < 6; i++) {
                actual[i] = turned.getRaster().getSample(i % w, i / w, 0);
            }
            assertArrayEquals(expected, actual, "orientation " + o);
            assertArrayEquals(ExifOrientation.apply(T, o).shape(), new int[] {1, h, w});
        }
    }
}
