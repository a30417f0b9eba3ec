package dev.linf.model;

import dev.linf.kernels.Coordinates;

/**
 * The HR queries of one prediction: a (rows, cols) grid of (row, column) coordinates and the
 * cell size {@code [2/H, 2/W]} of the HR image. The full pixel-centre grid of an output is stored
 * as its two axes (memory grows with H + W, not H x W); arbitrary coordinates (e.g. subsampled
 * log-likelihoods) are stored explicitly.
 *
 * @param rows grid rows
 * @param cols grid columns
 * @param rowCoords the row coordinate of each grid row (separable grids)
 * @param colCoords the column coordinate of each grid column (separable grids)
 * @param cellY the cell height, 2 / H
 * @param cellX the cell width, 2 / W
 * @param coords explicit (rows, cols, 2) float32 coordinates, channel 0 the row (y) coordinate,
 *     or null for a separable grid given by {@code rowCoords} x {@code colCoords}
 */
public record QueryGrid(int rows, int cols, float[] coords, float[] rowCoords, float[] colCoords, float cellY,
        float cellX) {
    /** The official test script's {@code scale_max}: the cell stops shrinking beyond this scale. */
    public static final double SCALE_MAX = 30;

    /** Checks the sizes against the coordinates. */
    public QueryGrid {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("query grid must be at least 1x1, got " + rows + "x" + cols);
        }
        if (coords != null ? coords.length != (long) rows * cols * 2
                : rowCoords == null || colCoords == null || rowCoords.length != rows || colCoords.length != cols) {
            throw new IllegalArgumentException("coordinates do not match a " + rows + "x" + cols + " grid");
        }
        coords = coords == null ? null : coords.clone();
        rowCoords = rowCoords == null ? null : rowCoords.clone();
        colCoords = colCoords == null ? null : colCoords.clone();
    }

    /** {@return a copy of the explicit coordinates, or null for a separable grid} */
    @Override
    public float[] coords() {
        return coords == null ? null : coords.clone();
    }

    /** {@return a copy of the row coordinates of a separable grid, or null} */
    @Override
    public float[] rowCoords() {
        return rowCoords == null ? null : rowCoords.clone();
    }

    /** {@return a copy of the column coordinates of a separable grid, or null} */
    @Override
    public float[] colCoords() {
        return colCoords == null ? null : colCoords.clone();
    }

    /** {@return whether the grid is rows x columns of two axes (then it can be tiled)} */
    public boolean separable() {
        return coords == null;
    }

    /**
     * A grid of explicit coordinates, (rows, cols, 2) row-major.
     *
     * @param rows grid rows
     * @param cols grid columns
     * @param coords (row, column) coordinates, 2 per query row-major
     * @param cellY cell height
     * @param cellX cell width
     */
    public QueryGrid(int rows, int cols, float[] coords, float cellY, float cellX) {
        this(rows, cols, coords, null, null, cellY, cellX);
    }

    /**
     * The full pixel-centre grid of an H x W output, with the official cell {@code [2/H, 2/W]}.
     *
     * @param height rows
     * @param width columns
     * @return the grid of pixel centres with cell (2 / H, 2 / W)
     */
    public static QueryGrid full(int height, int width) {
        return new QueryGrid(height, width, null, Coordinates.axis(height), Coordinates.axis(width),
                (float) (2.0 / height), (float) (2.0 / width));
    }

    /**
     * The grid the official test script queries when upscaling an h x w image to H x W: the full
     * grid, with the cell multiplied by {@code max(s / 30, 1)} ({@code --scale_max 30}), which only
     * changes anything above x30. The factor is taken per axis so non-uniform scales work.
     *
     * @param inHeight input rows
     * @param inWidth input columns
     * @param height output rows
     * @param width output columns
     * @return the grid
     */
    public static QueryGrid forUpscale(int inHeight, int inWidth, int height, int width) {
        QueryGrid g = full(height, width);
        float fy = (float) Math.max(height / (double) inHeight / SCALE_MAX, 1);
        float fx = (float) Math.max(width / (double) inWidth / SCALE_MAX, 1);
        return new QueryGrid(height, width, null, g.rowCoords, g.colCoords, g.cellY * fy, g.cellX * fx);
    }

    /**
     * The number of queries.
     *
     * @return rows x cols
     */
    public int size() {
        return rows * cols;
    }

    /**
     * Row (y) coordinate of query {@code query} (row-major index).
     *
     * @param query row-major index
     * @return its row coordinate
     */
    public float y(int query) {
        return coords != null ? coords[2 * query] : rowCoords[query / cols];
    }

    /**
     * Column (x) coordinate of query {@code query}.
     *
     * @param query row-major index
     * @return its column coordinate
     */
    public float x(int query) {
        return coords != null ? coords[2 * query + 1] : colCoords[query % cols];
    }

    /**
     * All coordinates as a (rows, cols, 2) array (materialised for separable grids).
     *
     * @return a new array, 2 per query row-major
     */
    public float[] coordinates() {
        if (coords != null) {
            return coords.clone();
        }
        float[] c = new float[rows * cols * 2];
        for (int q = 0; q < rows * cols; q++) {
            c[2 * q] = y(q);
            c[2 * q + 1] = x(q);
        }
        return c;
    }

    /**
     * Rows {@code row0 ..} and columns {@code col0 ..} of a separable grid, with the same cell (this
     * grid itself when that is all of it).
     *
     * @param row0 first row
     * @param rowCount rows
     * @param col0 first column
     * @param colCount columns
     * @return the part, or this grid when it is all of it
     */
    public QueryGrid sub(int row0, int rowCount, int col0, int colCount) {
        if (row0 == 0 && col0 == 0 && rowCount == rows && colCount == cols) {
            return this;
        }
        if (coords != null) {
            throw new IllegalStateException("only a separable query grid can be split");
        }
        return new QueryGrid(rowCount, colCount, null, java.util.Arrays.copyOfRange(rowCoords, row0, row0 + rowCount),
                java.util.Arrays.copyOfRange(colCoords, col0, col0 + colCount), cellY, cellX);
    }
}
