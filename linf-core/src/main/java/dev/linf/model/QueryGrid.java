package dev.linf.model;

/**
 * The HR queries of one prediction: a (rows, cols) grid of (row, column) coordinates and the
 * cell size {@code [2/H, 2/W]} of the HR image. For plain LINF the grid is the full H x W grid of
 * pixel centres; the record also allows arbitrary coordinates (e.g. subsampled log-likelihoods).
 *
 * @param coords (rows, cols, 2) float32, channel 0 the row (y) coordinate, channel 1 the column
 */
public record QueryGrid(int rows, int cols, float[] coords, float cellY, float cellX) {

    public QueryGrid {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("query grid must be at least 1x1, got " + rows + "x" + cols);
        }
        if (coords.length != (long) rows * cols * 2) {
            throw new IllegalArgumentException("coords hold " + coords.length + " values, expected " + rows
                    + "x" + cols + "x2");
        }
    }

    /** The full pixel-centre grid of an H x W output, with the official cell {@code [2/H, 2/W]}. */
    public static QueryGrid full(int height, int width) {
        float[] ys = Coordinates.axis(height);
        float[] xs = Coordinates.axis(width);
        float[] coords = new float[height * width * 2];
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                coords[(i * width + j) * 2] = ys[i];
                coords[(i * width + j) * 2 + 1] = xs[j];
            }
        }
        return new QueryGrid(height, width, coords, (float) (2.0 / height), (float) (2.0 / width));
    }

    /**
     * The grid the official test script queries when upscaling an h x w image to H x W: the full
     * grid, with the cell multiplied by {@code max(s / 30, 1)} ({@code --scale_max 30}), which only
     * changes anything above x30. The factor is taken per axis so non-uniform scales work.
     */
    public static QueryGrid forUpscale(int inHeight, int inWidth, int height, int width) {
        QueryGrid g = full(height, width);
        float fy = (float) Math.max(height / (double) inHeight / SCALE_MAX, 1);
        float fx = (float) Math.max(width / (double) inWidth / SCALE_MAX, 1);
        return new QueryGrid(height, width, g.coords, g.cellY * fy, g.cellX * fx);
    }

    /** The official test script's {@code scale_max}: the cell stops shrinking beyond this scale. */
    public static final double SCALE_MAX = 30;

    public int size() {
        return rows * cols;
    }

    public float y(int query) {
        return coords[2 * query];
    }

    public float x(int query) {
        return coords[2 * query + 1];
    }
}
