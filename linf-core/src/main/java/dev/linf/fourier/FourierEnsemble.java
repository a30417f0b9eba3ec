package dev.linf.fourier;

import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.GridSample;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.kernels.Coordinates;
import dev.linf.tensor.Tensor;

/**
 * The local texture estimator (spec section 4): for one HR query it gathers the Fourier
 * coefficients and frequencies of the 4 nearest LR feature cells, turns them into cos/sin features
 * of the relative position, weights each by the area of the diagonally opposite cell and
 * concatenates the 4 blocks into one vector of {@code 4 * hidden} values for the MLP.
 * All arithmetic is float32 in the official order, so the result matches PyTorch to rounding.
 */
public final class FourierEnsemble {
    /** Neighbour offsets (rows, columns) in the official order: --, -+, +-, ++. */
    private static final int[][] OFFSETS = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    private static final float CLAMP_LO = (float) (-1 + 1e-6);
    private static final float CLAMP_HI = (float) (1 - 1e-6);

    private final ConvWeights coef;
    private final ConvWeights freq;
    private final float[] phase; // (hidden/2, 2): row-cell and column-cell weights, no bias
    private final int hidden;

    /**
     * An ensemble from its weights.
     *
     * @param coef the coefficient convolution
     * @param freq the frequency convolution
     * @param phase the phase layer's weight, (hidden / 2, 2)
     */
    public FourierEnsemble(ConvWeights coef, ConvWeights freq, float[] phase) {
        if (coef.outChannels() != freq.outChannels() || coef.inChannels() != freq.inChannels()
                || coef.outChannels() % 2 != 0) {
            throw new IllegalArgumentException("coef and freq convolutions must agree and have an even width");
        }
        if (phase.length != coef.outChannels()) {
            throw new IllegalArgumentException("phase weight has " + phase.length + " elements, expected "
                    + coef.outChannels() / 2 + "x2");
        }
        this.coef = coef;
        this.freq = freq;
        this.phase = phase;
        this.hidden = coef.outChannels();
    }

    /**
     * Width of the Fourier basis per neighbour (256 in every official model).
     *
     * @return the width
     */
    public int hidden() {
        return hidden;
    }

    /**
     * Length of the vector {@link #features} writes: 4 neighbours x hidden.
     *
     * @return the length
     */
    public int featureLength() {
        return 4 * hidden;
    }

    /**
     * The encoder channels the coef/freq convolutions take.
     *
     * @return the channels
     */
    public int inChannels() {
        return coef.inChannels();
    }

    /**
     * The number of parameters.
     *
     * @return the count
     */
    public long parameterCount() {
        return coef.parameterCount() + freq.parameterCount() + phase.length;
    }

    /**
     * LR pixels between a query's cell and the farthest encoder feature its Fourier features read:
     * the coef/freq convolutions' half-width plus the one-cell neighbour offset.
     *
     * @return the radius in LR pixels
     */
    public int receptiveRadius() {
        return Math.max(coef.kernelSize(), freq.kernelSize()) / 2 + 1;
    }

    /**
     * The per-image part: the coef and freq convolutions of the encoder features, computed once per
     * image and stored pixel-major so one query reads each neighbour's vector contiguously.
     *
     * @param feat encoder features (C, h, w)
     * @param kernels the kernels to compute with
     * @param parallel the threads to compute on
     * @return the maps
     */
    public FeatureMaps prepare(Tensor feat, Kernels kernels, Parallel parallel) {
        return prepare(feat, feat.dim(1), feat.dim(2), 0, 0, kernels, parallel);
    }

    /**
     * {@link #prepare(Tensor, Kernels, Parallel)} for a window of an image: {@code feat} holds the
     * encoder features of rows {@code row0 ..} and columns {@code col0 ..} of an {@code h x w} LR
     * image. Coordinates stay those of the whole image, so a query reads the same values as
     * untiled wherever the window's features are exact.
     *
     * @param feat encoder features of the window
     * @param h LR image rows
     * @param w LR image columns
     * @param row0 the window's first LR row
     * @param col0 the window's first LR column
     * @param kernels the kernels to compute with
     * @param parallel the threads to compute on
     * @return the maps
     */
    public FeatureMaps prepare(Tensor feat, int h, int w, int row0, int col0, Kernels kernels, Parallel parallel) {
        return new FeatureMaps(h, w, row0, col0, feat.dim(1), feat.dim(2),
                kernels.conv2dPixelMajor(feat, coef, parallel).data(), kernels.conv2dPixelMajor(feat, freq, parallel).data(),
                Coordinates.axis(h), Coordinates.axis(w));
    }

    /**
     * {@link #prepare(Tensor, Kernels, Parallel)} on the calling thread.
     *
     * @param feat encoder features (C, h, w)
     * @param kernels the kernels to compute with
     * @return the maps
     */
    public FeatureMaps prepare(Tensor feat, Kernels kernels) {
        return prepare(feat, kernels, Parallel.serial());
    }

    /**
     * The coef/freq maps, (rows, cols, hidden) each, of the window at ({@code row0}, {@code col0}) of
     * an {@code h x w} LR image (the whole image when untiled), plus the image's cell-centre coordinates.
     *
     * @param h LR image rows
     * @param w LR image columns
     * @param row0 the window's first LR row
     * @param col0 the window's first LR column
     * @param rows window rows
     * @param cols window columns
     * @param coef the coefficient map, (rows, cols, hidden)
     * @param freq the frequency map, (rows, cols, hidden)
     * @param rowCentres the LR cell-centre row coordinates of the whole image
     * @param colCentres the LR cell-centre column coordinates of the whole image
     */
    public record FeatureMaps(int h, int w, int row0, int col0, int rows, int cols, float[] coef, float[] freq,
            float[] rowCentres, float[] colCentres) {

        /** Offset of LR cell (iy, ix) in the maps; the cell must lie in the window. */
        int offset(int iy, int ix, int hidden) {
            int r = iy - row0;
            int c = ix - col0;
            if (r < 0 || r >= rows || c < 0 || c >= cols) {
                throw new IllegalStateException("LR cell (" + iy + ", " + ix + ") is outside the feature window");
            }
            return (r * cols + c) * hidden;
        }

        /** {@return a copy of the coefficient map} */
        @Override
        public float[] coef() {
            return coef.clone();
        }

        /** {@return a copy of the frequency map} */
        @Override
        public float[] freq() {
            return freq.clone();
        }

        /** {@return a copy of the cell-centre row coordinates} */
        @Override
        public float[] rowCentres() {
            return rowCentres.clone();
        }

        /** {@return a copy of the cell-centre column coordinates} */
        @Override
        public float[] colCentres() {
            return colCentres.clone();
        }
    }


    /**
     * Writes the {@code 4 * hidden} Fourier features of the query at (row coordinate {@code cy},
     * column coordinate {@code cx}) with cell size ({@code cellY}, {@code cellX}) into
     * {@code out[off ..]}; {@code work} is scratch from {@link #newWork()}, one per thread.
     *
     * @param m the prepared maps
     * @param cy row coordinate
     * @param cx column coordinate
     * @param cellY cell height
     * @param cellX cell width
     * @param out receives the features
     * @param off where they go
     * @param kernels the kernels to compute with
     * @param scratch this thread's scratch
     */
    public void features(FeatureMaps m, float cy, float cx, float cellY, float cellX, float[] out, int off,
            Kernels kernels, Work scratch) {
        float[] work = scratch.values;
        int[] cells = scratch.cells;
        int h = m.h();
        int w = m.w();
        int half = hidden / 2;
        double rx = 2.0 / h / 2; // field radius of one LR cell, as the official code forms it
        double ry = 2.0 / w / 2;
        float relCellY = cellY * h;
        float relCellX = cellX * w;
        // work: [0, half) the phase term, [half, 2 half) the cos/sin arguments, then 4 areas and the
        // 4 (relY, relX) pairs; cells: each neighbour's offset in the maps (ints: they exceed float
        // precision on big images), -1 outside (never after the clamp; zeros padding).
        for (int c = 0; c < half; c++) {
            work[c] = phase[2 * c] * relCellY + phase[2 * c + 1] * relCellX;
        }
        int areas = 2 * half;
        int rels = areas + 4;
        for (int k = 0; k < 4; k++) {
            float sy = clamp(cy + (float) (OFFSETS[k][0] * rx + 1e-6));
            float sx = clamp(cx + (float) (OFFSETS[k][1] * ry + 1e-6));
            int iy = GridSample.nearestIndex(sy, h);
            int ix = GridSample.nearestIndex(sx, w);
            boolean inside = iy >= 0 && ix >= 0;
            float relY = (cy - (inside ? m.rowCentres[iy] : 0f)) * h; // unshifted coord, LR-cell units
            float relX = (cx - (inside ? m.colCentres[ix] : 0f)) * w;
            cells[k] = inside ? m.offset(iy, ix, hidden) : -1;
            work[areas + k] = Math.abs(relY * relX) + 1e-9f;
            work[rels + 2 * k] = relY;
            work[rels + 2 * k + 1] = relX;
        }
        float total = work[areas] + work[areas + 1] + work[areas + 2] + work[areas + 3];
        for (int k = 0; k < 4; k++) {
            float weight = work[areas + 3 - k] / total; // the diagonally opposite area: bilinear weights
            int dst = off + k * hidden;
            if (cells[k] >= 0) {
                kernels.fourierFeatures(m.freq, m.coef, cells[k], half, work[rels + 2 * k], work[rels + 2 * k + 1],
                        weight, work, out, dst);
            } else {
                java.util.Arrays.fill(out, dst, dst + hidden, 0f);
            }
        }
    }

    /** Scratch for {@link #features}: not thread-safe, one per thread. */
    public static final class Work {
        final float[] values;
        final int[] cells = new int[4];

        private Work(int length) {
            values = new float[length];
        }
    }

    /**
     * Scratch sized for this ensemble.
     *
     * @return new scratch
     */
    public Work newWork() {
        return new Work(hidden + 12);
    }

    /**
     * {@link #features(FeatureMaps, float, float, float, float, float[], int, Kernels, Work)} with its own scratch.
     *
     * @param m the prepared maps
     * @param cy row coordinate
     * @param cx column coordinate
     * @param cellY cell height
     * @param cellX cell width
     * @param out receives the features
     * @param off where they go
     * @param kernels the kernels to compute with
     */
    public void features(FeatureMaps m, float cy, float cx, float cellY, float cellX, float[] out, int off,
            Kernels kernels) {
        features(m, cy, cx, cellY, cellX, out, off, kernels, newWork());
    }

    private static float clamp(float v) {
        return Math.min(Math.max(v, CLAMP_LO), CLAMP_HI);
    }
}
