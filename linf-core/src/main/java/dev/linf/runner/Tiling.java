package dev.linf.runner;

import dev.linf.kernels.GridSample;
import dev.linf.model.QueryGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an upscale into tiles so the encoder never holds the features of a whole large image.
 * Each tile is a rectangle of output queries (those whose LR cell lies in the tile's core of at
 * most {@code size x size} LR pixels) plus the LR window they need: the core grown by the
 * receptive margin, so the window's features are exactly the untiled ones wherever a query of the
 * tile reads them. Query coordinates and noise stay those of the whole output grid, so a tiled
 * result equals the untiled one bit for bit.
 */
final class Tiling {
    private Tiling() {
    }

    /** Output rows/columns [out0, out0 + outLen) and LR window [lr0, lr0 + lrLen) along one axis. */
    record Span(int out0, int outLen, int lr0, int lrLen) {
    }

    /** One tile: its spans along rows and columns. */
    record Tile(Span rows, Span cols) {
    }

    /**
     * The tiles of {@code grid} on an {@code h x w} LR image: one covering everything when the image
     * fits in a {@code size x size} core or the grid is not separable.
     */
    static List<Tile> plan(QueryGrid grid, int h, int w, int size, int margin) {
        boolean separable = grid.separable();
        if (!separable || (h <= size && w <= size)) {
            return List.of(new Tile(new Span(0, grid.rows(), 0, h), new Span(0, grid.cols(), 0, w)));
        }
        List<Tile> tiles = new ArrayList<>();
        List<Span> colSpans = spans(grid.colCoords(), w, size, margin);
        for (Span r : spans(grid.rowCoords(), h, size, margin)) {
            for (Span c : colSpans) {
                tiles.add(new Tile(r, c));
            }
        }
        return tiles;
    }

    /** Along one axis: cores of {@code size} LR pixels, each with its (contiguous) output range. */
    private static List<Span> spans(float[] coords, int lrSize, int size, int margin) {
        List<Span> out = new ArrayList<>();
        int q = 0;
        for (int core0 = 0; core0 < lrSize; core0 += size) {
            int core1 = Math.min(lrSize, core0 + size);
            int start = q;
            while (q < coords.length && cell(coords[q], lrSize) < core1) {
                q++;
            }
            if (q > start) {
                int lr0 = Math.max(0, core0 - margin);
                int lr1 = Math.min(lrSize, core1 + margin);
                out.add(new Span(start, q - start, lr0, lr1 - lr0));
            }
        }
        if (q != coords.length) {
            throw new IllegalStateException("query coordinates are not increasing inside (-1, 1)");
        }
        return out;
    }

    /** The LR cell containing a coordinate (clamped into the image). */
    private static int cell(float coord, int size) {
        int i = GridSample.nearestIndex(Math.min(Math.max(coord, -1f + 1e-6f), 1f - 1e-6f), size);
        return Math.max(i, 0);
    }
}
