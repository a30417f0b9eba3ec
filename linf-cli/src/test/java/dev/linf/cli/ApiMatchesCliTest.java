package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.Linf;
import dev.linf.Target;
import dev.linf.Upscaler;
import dev.linf.image.Picture;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library is the product: every kind of image upscaled through {@link Linf#upscale} and
 * through {@link Upscaler}'s file call comes out as the CLI writes it, sample for sample and
 * (for the file call) byte for byte, with the default model.
 */
class ApiMatchesCliTest extends CliTestBase {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rgb8", "argb8", "gray8", "gray16", "rgb16", "rgba16", "grayalpha8", "grayalpha16", "palette",
        "palette-transparent"})
    void everyKindThroughTheApiEqualsTheCliOutput(String kind) throws IOException {
        BufferedImage img = TestImages.kind(kind, 13, 11);
        Path in = dir.resolve(kind + ".png");
        assertTrue(ImageIO.write(img, "png", in.toFile()));
        Path cli = dir.resolve(kind + "-cli.png");
        assertEquals(0, linf("upscale", in, "-o", cli, "--scale", "2", "--quiet"), err);
        BufferedImage expected = Picture.read(cli).toBufferedImage();

        BufferedImage given = ImageIO.read(in.toFile());
        BufferedImage api = Linf.upscale(given, 2);
        assertEquals(26, api.getWidth());
        assertEquals(22, api.getHeight());
        assertEquals(img.getColorModel().hasAlpha(), api.getColorModel().hasAlpha(), "alpha kept");
        assertEquals(expected.getColorModel().hasAlpha(), api.getColorModel().hasAlpha());
        assertEquals(kind.startsWith("gray"), api.getColorModel().getNumColorComponents() == 1, "gray stays gray");
        assertEquals(kind.endsWith("16") ? 16 : 8, api.getColorModel().getComponentSize(0), "depth kept");
        if (given.getType() != BufferedImage.TYPE_CUSTOM && !(given.getColorModel() instanceof IndexColorModel)) {
            assertEquals(given.getType(), api.getType(), "a standard type comes back as itself");
        }
        if (kind.endsWith("8") && !kind.startsWith("gray")) { // the in-memory INT_RGB / INT_ARGB image too
            BufferedImage direct = Linf.upscale(img, 2);
            assertEquals(img.getType(), direct.getType());
            assertSameSamples(expected, direct);
        }
        assertSameSamples(expected, api);

        Path viaFile = dir.resolve(kind + "-api.png");
        try (Upscaler up = Upscaler.builder().build()) {
            up.upscale(in, viaFile, Target.scale(2));
        }
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(viaFile), "file call writes the CLI's bytes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jpg", "bmp"})
    void otherOutputFormatsMatchTheCliByteForByte(String ext) throws IOException {
        Path in = dir.resolve("rgba.png");
        assertTrue(ImageIO.write(TestImages.kind("rgba16", 9, 7), "png", in.toFile()));
        Path cli = dir.resolve("cli." + ext);
        assertEquals(0, linf("upscale", in, "-o", cli, "--scale", "3", "--quiet", "--jpeg-quality", "80"), err);
        Path api = dir.resolve("api." + ext);
        try (Upscaler up = Upscaler.builder().jpegQuality(0.8f).build()) {
            up.upscale(in, api, Target.scale(3));
        }
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(api));
    }

    /** The same samples in the same order, or (between sRGB layouts of different bands) the same ARGB. */
    private static void assertSameSamples(BufferedImage expected, BufferedImage actual) {
        int w = expected.getWidth();
        int h = expected.getHeight();
        if (expected.getRaster().getNumBands() == actual.getRaster().getNumBands()
                && expected.getColorModel().getComponentSize(0) == actual.getColorModel().getComponentSize(0)) {
            for (int band = 0; band < expected.getRaster().getNumBands(); band++) {
                assertArrayEquals(expected.getRaster().getSamples(0, 0, w, h, band, (int[]) null),
                        actual.getRaster().getSamples(0, 0, w, h, band, (int[]) null), "band " + band);
            }
        } else {
            assertArrayEquals(expected.getRGB(0, 0, w, h, null, 0, w), actual.getRGB(0, 0, w, h, null, 0, w));
        }
    }
}
