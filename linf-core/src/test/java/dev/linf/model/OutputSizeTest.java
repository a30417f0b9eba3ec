package dev.linf.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OutputSizeTest {
    @Test
    void roundsLikePython() {
        assertEquals(65, OutputSize.scaled(24, 2.7)); // 64.8
        assertEquals(43, OutputSize.scaled(16, 2.7)); // 43.2
        assertEquals(12, OutputSize.scaled(5, 2.5)); // 12.5 -> even
        assertEquals(14, OutputSize.scaled(11, 1.25)); // 13.75
        assertEquals(18, OutputSize.scaled(7, 2.5)); // 17.5 -> even
        assertEquals(1, OutputSize.scaled(1, 1.0));
    }

    @Test
    void absurdScalesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OutputSize.scaled(10, 0));
        assertThrows(IllegalArgumentException.class, () -> OutputSize.scaled(10, -2));
        assertThrows(IllegalArgumentException.class, () -> OutputSize.scaled(10, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> OutputSize.scaled(10, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> OutputSize.scaled(10, 0.01)); // rounds to 0 pixels
        assertThrows(IllegalArgumentException.class, () -> OutputSize.scaled(1000, 1e6));
        assertThrows(IllegalArgumentException.class, () -> OutputSize.check(60000, 60000));
        OutputSize.check(16384, 16384);
    }
}
