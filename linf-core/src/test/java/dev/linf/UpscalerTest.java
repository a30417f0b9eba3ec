package dev.linf;

import dev.linf.errors.LinfException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.image.Images;
import dev.linf.model.LinfModel;
import dev.linf.model.SeededNoise;
import dev.linf.model.TestModels;
import dev.linf.runner.ModelRunner;
import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UpscalerTest {
    private static final LinfModel MODEL = TestModels.random(2, 8, 16, 5);

    static BufferedImage image(int h, int w) {
        Random r = new Random(h * 31L + w);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void targetsResolveLikeTheOfficialRounding() {
        assertArrayEquals(new int[] {17, 31}, Target.scale(2.37).resolve(7, 13)); // 16.59 -> 17, 30.81 -> 31
        assertArrayEquals(new int[] {14, 39}, Target.scale(3, 2).resolve(7, 13));
        assertArrayEquals(new int[] {1080, 1920}, Target.width(1920).resolve(540, 960));
        assertArrayEquals(new int[] {300, 399}, Target.height(300).resolve(100, 133));
        assertArrayEquals(new int[] {5, 9}, Target.size(9, 5).resolve(100, 100));
        assertThrows(IllegalArgumentException.class, () -> Target.scale(1e4).resolve(10, 10));
    }

    @Test
    void targetFactoriesRefuseBadArgumentsWhenCalledNamingThem() {
        assertMessage("scale", () -> Target.scale(0));
        assertMessage("sx", () -> Target.scale(Double.NaN, 2));
        assertMessage("sy", () -> Target.scale(2, Double.POSITIVE_INFINITY));
        assertMessage("scale", () -> Target.scale(1e9));
        assertMessage("width", () -> Target.width(0));
        assertMessage("height", () -> Target.height(-3));
        assertMessage("width", () -> Target.size(0, 5));
        assertMessage("height", () -> Target.size(5, 70_000));
    }

    private static void assertMessage(String name, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(name + " must be"), e.getMessage());
    }

    @Test
    void resultsDependOnlyOnImageTargetTemperatureAndSeed() {
        BufferedImage in = image(11, 9);
        Tensor t = ModelRunner.of(MODEL).upscale(Images.toTensor(in), 30, 25, 0.8f, new SeededNoise(4));
        int[] expected = pixels(Images.toImage(t));
        for (int threads : new int[] {1, 3}) {
            for (int tile : new int[] {0, 2, 5}) {
                try (Upscaler up = Upscaler.builder().model(MODEL).threads(threads).tileSize(tile).temperature(0.8f)
                        .seed(4).build()) {
                    assertArrayEquals(expected, pixels(up.upscale(in, Target.size(25, 30))),
                            threads + " threads, tile " + tile);
                }
            }
        }
    }

    @Test
    void scalesUpToThirtyAndBeyondWork() {
        try (Upscaler up = Upscaler.builder().model(MODEL).build()) {
            BufferedImage out = up.upscale(image(2, 1), Target.scale(31));
            assertEquals(31, out.getWidth());
            assertEquals(62, out.getHeight());
        }
    }

    @Test
    void progressRisesToOneThroughEncodingAndQuerying() {
        List<Double> fractions = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        try (Upscaler up = Upscaler.builder().model(MODEL).threads(2).tileSize(4).progress((f, s) -> {
            fractions.add(f);
            stages.add(s);
        }).build()) {
            up.upscale(image(9, 9), Target.scale(3));
        }
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue(fractions.get(i) >= fractions.get(i - 1), "progress went back: " + fractions);
        }
        assertEquals(1.0, fractions.getLast(), 1e-12);
        assertTrue(stages.contains("encoding (tile 1 of 9)"), stages.toString());
        assertTrue(stages.stream().anyMatch(s -> s.startsWith("querying")), stages.toString());
    }

    @Test
    void cancellationStopsPromptly() {
        AtomicInteger reports = new AtomicInteger();
        try (Upscaler up = Upscaler.builder().model(MODEL).threads(2).tileSize(3)
                .progress((f, s) -> reports.incrementAndGet()).build()) {
            BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
            assertThrows(CancellationException.class, () -> up.upscale(img, Target.scale(4), () -> reports.get() >= 3));
            assertTrue(reports.get() < 10, "kept going after cancellation: " + reports.get() + " reports");
        }
    }

    @Test
    void cancellationDuringEncodingIsCheckedPerConvolutionRow() {
        // The token turns true once encoding has started: it is then seen inside the encoder, not
        // only between tiles (the whole image is one tile here).
        AtomicInteger polls = new AtomicInteger();
        try (Upscaler up = Upscaler.builder().model(MODEL).threads(2).build()) {
            assertThrows(CancellationException.class,
                    () -> up.upscale(image(40, 40), Target.scale(2), () -> polls.incrementAndGet() > 5));
        }
        assertTrue(polls.get() < 50, "polled " + polls.get() + " times after cancelling");
    }

    @Test
    void interruptingTheCallerCancelsAndKeepsTheInterruptStatus() {
        try (Upscaler up = Upscaler.builder().model(MODEL).build()) {
            Thread.currentThread().interrupt();
            try {
                assertThrows(CancellationException.class, () -> up.upscale(image(6, 6), Target.scale(2)));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
            } finally {
                Thread.interrupted(); // clear the flag for the next test
            }
        }
    }

    @Test
    void closeIsIdempotentAndRefusesLaterCalls() {
        Upscaler up = Upscaler.builder().model(MODEL).build();
        up.close();
        up.close();
        assertThrows(IllegalStateException.class, () -> up.upscale(image(3, 3), Target.scale(2)));
    }

    @Test
    void describesTheModelAndWhyTheFastKernelsAreNotUsed() {
        try (Upscaler up = Upscaler.builder().model(MODEL).threads(3).build()) {
            String d = up.describe();
            assertTrue(d.contains("edsr-baseline encoder") && d.contains("3 thread(s)"), d);
            // linf-core's tests have no linf-cpu on the class path
            assertTrue(d.contains("fast kernels not used: no fast kernels on the class path (add the dev.linf:linf-cpu"
                    + " dependency)"), d);
        }
        try (Upscaler up = Upscaler.builder().model(MODEL).kernels(dev.linf.kernels.ReferenceKernels.INSTANCE).build()) {
            assertTrue(up.describe().contains("reference kernels (as asked)"), up.describe());
        }
    }

    @Test
    void badSettingsAndNullsAreRefusedNamingTheParameter() {
        assertThrows(IllegalArgumentException.class, () -> Upscaler.builder().threads(0));
        assertThrows(IllegalArgumentException.class, () -> Upscaler.builder().temperature(-1));
        assertThrows(IllegalArgumentException.class, () -> Upscaler.builder().tileSize(-1));
        assertThrows(IllegalArgumentException.class, () -> Upscaler.builder().jpegQuality(0));
        try (Upscaler up = Upscaler.builder().model(MODEL).build()) {
            assertEquals("image", assertThrows(NullPointerException.class,
                    () -> up.upscale((BufferedImage) null, Target.scale(2))).getMessage());
            assertEquals("target", assertThrows(NullPointerException.class,
                    () -> up.upscale(image(3, 3), null)).getMessage());
        }
        assertEquals("model", assertThrows(NullPointerException.class, () -> Upscaler.builder().model(null))
                .getMessage());
    }

    @Test
    void absurdSizesAreRefusedBeforeAnythingIsAllocated() {
        try (Upscaler up = Upscaler.builder().model(MODEL).build()) {
            BufferedImage img = image(200, 200);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> up.upscale(img, Target.scale(300)));
            assertTrue(e.getMessage().contains("output"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> up.upscale(img, Target.scale(100)));
        }
    }

    @Test
    void withoutLinfWeightsTheDefaultModelIsMissingOnEveryCallWithTheFix() {
        // linf-core's tests have no linf-weights on the class path.
        for (int i = 0; i < 2; i++) {
            LinfException e = assertThrows(LinfException.class, () -> Linf.upscale(image(4, 4), 2));
            assertTrue(e.getMessage().contains("dev.linf:linf-weights"), e.getMessage());
        }
        assertThrows(LinfException.class, () -> Upscaler.builder().build());
        assertEquals("image", assertThrows(NullPointerException.class, () -> Linf.upscale(null, 2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Linf.upscale(image(4, 4), -1));
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
