package dev.linf.model;

import dev.linf.kernels.Coordinates;

/**
 * LINF-patch's query grid (spec section 6): the H x W pixel-centre grid, zero-padded at the
 * bottom/right by {@code 3 - H % 3} rows and {@code 3 - W % 3} columns (always 1..3), cut into 3x3
 * tiles whose centres are the queries. A centre in the padding has coordinate (0, 0), the image
 * centre, even when part of its tile lies inside the image: an official quirk kept on purpose.
 */
public final class PatchGrid {
    /** Patch side of the official patch model. */
    public static final int PATCH = 3;

    private PatchGrid() {
    }

    /**
     * Patch rows (or columns) for an output side of n pixels: floor(n / 3) + 1.
     *
     * @param n output pixels along the axis
     * @return patches along the axis
     */
    public static int patches(int n) {
        return n / PATCH + 1;
    }

    /**
     * The patch-centre grid of an H x W output, with the given cell.
     *
     * @param height output rows
     * @param width output columns
     * @param cellY cell height
     * @param cellX cell width
     * @return the patch-centre grid
     */
    public static QueryGrid of(int height, int width, float cellY, float cellX) {
        int rows = patches(height);
        int cols = patches(width);
        float[] ay = Coordinates.axis(height);
        float[] ax = Coordinates.axis(width);
        float[] coords = new float[Math.multiplyExact(rows * cols, 2)];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int r = PATCH * i + 1;
                int c = PATCH * j + 1;
                boolean inside = r < height && c < width;
                coords[2 * (i * cols + j)] = inside ? ay[r] : 0f;
                coords[2 * (i * cols + j) + 1] = inside ? ax[c] : 0f;
            }
        }
        return new QueryGrid(rows, cols, coords, cellY, cellX);
    }

    /**
     * The grid the official test script queries when a patch model upscales h x w to H x W.
     *
     * @param inHeight input rows
     * @param inWidth input columns
     * @param height output rows
     * @param width output columns
     * @return the patch-centre grid
     */
    public static QueryGrid forUpscale(int inHeight, int inWidth, int height, int width) {
        QueryGrid full = QueryGrid.forUpscale(inHeight, inWidth, height, width);
        return of(height, width, full.cellY(), full.cellX());
    }
}
