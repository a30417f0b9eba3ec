package dev.linf.model;

import dev.linf.kernels.Coordinates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CoordinatesTest {
    @Test
    void smallAxes() {
        assertArrayEquals(new float[] {0f}, Coordinates.axis(1));
        assertArrayEquals(new float[] {-0.5f, 0.5f}, Coordinates.axis(2));
        assertArrayEquals(new float[] {-0.75f, -0.25f, 0.25f, 0.75f}, Coordinates.axis(4));
    }

    @Test
    void followsTheFloat32RecipeNotTheDoubleFormula() {
        // n = 3: r = 1/3; fl(2r) = 0.6666667f, fl(-1 + r) = -0.6666667f; the third centre is
        // fl(2 * 0.6666667f) + (-0.6666667f), which is one ulp off fl(-1 + 5/3) in general.
        float step = (float) (2.0 / 3);
        float start = (float) (-1 + 1.0 / 3);
        assertEquals(2f * step + start, Coordinates.axis(3)[2]);
    }

    @Test
    void fullGridHasRowsThenColumnsAndTheOfficialCell() {
        QueryGrid g = QueryGrid.full(2, 3);
        assertEquals(6, g.size());
        assertEquals(-0.5f, g.y(0));
        assertEquals(Coordinates.axis(3)[0], g.x(0));
        assertEquals(0.5f, g.y(5));
        assertEquals(Coordinates.axis(3)[2], g.x(5));
        assertEquals(1f, g.cellY());
        assertEquals((float) (2.0 / 3), g.cellX());
    }

    @Test
    void cellIsClippedOnlyAboveScale30() {
        QueryGrid x12 = QueryGrid.forUpscale(10, 20, 120, 240);
        assertEquals(QueryGrid.full(120, 240).cellY(), x12.cellY());
        assertEquals(QueryGrid.full(120, 240).cellX(), x12.cellX());
        QueryGrid x60 = QueryGrid.forUpscale(10, 20, 600, 1200); // cell as at x30: 2 / 300 and 2 / 600
        assertEquals(2.0 / 300, x60.cellY(), 1e-9);
        assertEquals(2.0 / 600, x60.cellX(), 1e-9);
    }
}
