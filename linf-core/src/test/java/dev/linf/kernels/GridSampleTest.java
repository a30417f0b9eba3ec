package dev.linf.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linf.kernels.Coordinates;
import org.junit.jupiter.api.Test;

/** grid_sample semantics (align_corners=False) on hand-checked points. */
class GridSampleTest {
    // A 2x2 single-channel image: [[1, 2], [3, 4]].
    private final float[] img = {1, 2, 3, 4};

    @Test
    void pixelCentresReturnThePixel() {
        float[] ys = Coordinates.axis(2);
        float[] xs = Coordinates.axis(2);
        assertEquals(1f, GridSample.bilinearBorder(img, 2, 2, 0, ys[0], xs[0]));
        assertEquals(2f, GridSample.bilinearBorder(img, 2, 2, 0, ys[0], xs[1]));
        assertEquals(3f, GridSample.bilinearBorder(img, 2, 2, 0, ys[1], xs[0]));
        assertEquals(4f, GridSample.bilinearBorder(img, 2, 2, 0, ys[1], xs[1]));
    }

    @Test
    void centreIsTheMeanAndBordersClamp() {
        assertEquals(2.5f, GridSample.bilinearBorder(img, 2, 2, 0, 0f, 0f));
        assertEquals(1f, GridSample.bilinearBorder(img, 2, 2, 0, -1f, -1f)); // outer corner: border padding
        assertEquals(4f, GridSample.bilinearBorder(img, 2, 2, 0, 5f, 5f));
        assertEquals(1.5f, GridSample.bilinearBorder(img, 2, 2, 0, -1f, 0f)); // top edge, between 1 and 2
    }

    @Test
    void nearestRoundsHalfToEvenAndRejectsOutside() {
        assertEquals(0, GridSample.nearestIndex(-0.75f, 4)); // pixel 0 centre is -0.75
        assertEquals(2, GridSample.nearestIndex(0f, 4)); // 1.5 rounds to the even 2
        assertEquals(3, GridSample.nearestIndex(0.999999f, 4));
        assertEquals(-1, GridSample.nearestIndex(1.5f, 4));
        assertEquals(-1, GridSample.nearestIndex(-1.5f, 4));
    }
}
