package dev.linf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.model.LinfModel;
import dev.linf.model.SeededNoise;
import dev.linf.model.TestModels;
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

    private static Tensor image(int h, int w) {
        Random r = new Random(h * 31L + w);
        float[] d = new float[3 * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        return Tensor.of(d, 3, h, w);
    }

    @Test
    void targetsResolveLikeTheOfficialRounding() {
        assertArrayEquals(new int[] {17, 31}, Target.scale(2.37).resolve(7, 13)); // 16.59 -> 17, 30.81 -> 31
        assertArrayEquals(new int[] {14, 39}, Target.scale(3, 2).resolve(7, 13));
        assertArrayEquals(new int[] {1080, 1920}, Target.width(1920).resolve(540, 960));
        assertArrayEquals(new int[] {300, 399}, Target.height(300).resolve(100, 133));
        assertArrayEquals(new int[] {5, 9}, Target.size(9, 5).resolve(100, 100));
        assertThrows(IllegalArgumentException.class, () -> Target.scale(0));
        assertThrows(IllegalArgumentException.class, () -> Target.scale(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Target.size(0, 5));
        assertThrows(IllegalArgumentException.class, () -> Target.scale(1e9).resolve(10, 10));
    }

    @Test
    void resultsDependOnlyOnImageTargetTemperatureAndSeed() {
        Tensor in = image(11, 9);
        Tensor expected = MODEL.upscale(in, 30, 25, 0.8f, new SeededNoise(4));
        for (int threads : new int[] {1, 3}) {
            for (int tile : new int[] {0, 2, 5}) {
                try (Upscaler up = Upscaler.builder().model(MODEL).threads(threads).tileSize(tile).temperature(0.8f)
                        .seed(4).build()) {
                    assertArrayEquals(expected.data(), up.upscale(in, Target.size(25, 30)).data(),
                            threads + " threads, tile " + tile);
                }
            }
        }
    }

    @Test
    void scalesUpToThirtyAndBeyondWork() {
        try (Upscaler up = Upscaler.builder().model(MODEL).build()) {
            assertArrayEquals(new int[] {3, 62, 31}, up.upscale(image(2, 1), Target.scale(31)).shape());
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
    void interruptingTheCallerCancels() {
        try (Upscaler up = Upscaler.builder().model(MODEL).build()) {
            Thread.currentThread().interrupt();
            try {
                assertThrows(CancellationException.class, () -> up.upscale(image(6, 6), Target.scale(2)));
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
            assertTrue(d.contains("fast kernels not used: no fast kernels on the class path"), d);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Upscaler.builder().threads(0));
        assertThrows(IllegalArgumentException.class, () -> Upscaler.builder().temperature(-1));
        assertThrows(IllegalArgumentException.class, () -> Upscaler.builder().tileSize(-1));
    }
}
