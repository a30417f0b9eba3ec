package dev.linf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SeededNoiseTest {
    @Test
    void drawsDependOnlyOnSeedAndPosition() {
        float[] a = new float[3];
        float[] b = new float[3];
        new SeededNoise(5).draw(17, 4, a, 0, 3);
        new SeededNoise(5).draw(17, 4, b, 0, 3);
        assertArrayEquals(a, b);
        new SeededNoise(6).draw(17, 4, b, 0, 3);
        assertNotEquals(a[0], b[0]);
        new SeededNoise(5).draw(4, 17, b, 0, 3);
        assertNotEquals(a[0], b[0]);
    }

    @Test
    void momentsAreThoseOfAStandardNormal() {
        SeededNoise n = new SeededNoise(42);
        float[] v = new float[3];
        double sum = 0;
        double sq = 0;
        int count = 0;
        for (int row = 0; row < 200; row++) {
            for (int col = 0; col < 200; col++) {
                n.draw(row, col, v, 0, 3);
                for (float x : v) {
                    sum += x;
                    sq += x * x;
                    count++;
                }
            }
        }
        // 120,000 draws: the standard errors are 0.003 (mean) and 0.004 (variance).
        assertEquals(0, sum / count, 0.015);
        assertEquals(1, sq / count - (sum / count) * (sum / count), 0.02);
    }
}
