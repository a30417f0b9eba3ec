package dev.linf;

import dev.linf.model.OutputSize;

/**
 * The output size of an upscale, from the input's: a factor, separate row/column factors, a width
 * or height with the aspect ratio kept, or an exact size. Sizes round half to even, as the
 * official code ({@code round(h * s)}). Factories check their arguments when called; the size a
 * target gives an image is checked against {@link OutputSize}'s limits when it is resolved.
 */
public sealed interface Target {

    /**
     * (height, width) of the output for an {@code height x width} input.
     *
     * @param height input rows
     * @param width input columns
     * @return {output rows, output columns}
     * @throws IllegalArgumentException when the output would be outside the supported sizes
     */
    int[] resolve(int height, int width);

    /**
     * Both sides times {@code s} (e.g. 2.37).
     *
     * @param s the factor, in (0, {@value OutputSize#MAX_SIDE}]
     * @return the target
     * @throws IllegalArgumentException for a factor that is not a finite number in that range
     */
    static Target scale(double s) {
        requireScale("scale", s);
        return new Scale(s, s);
    }

    /**
     * Width times {@code sx}, height times {@code sy}.
     *
     * @param sx the horizontal factor
     * @param sy the vertical factor
     * @return the target
     * @throws IllegalArgumentException for a factor that is not a finite number in (0, {@value OutputSize#MAX_SIDE}]
     */
    static Target scale(double sx, double sy) {
        requireScale("sx", sx);
        requireScale("sy", sy);
        return new Scale(sx, sy);
    }

    /**
     * Exactly {@code width} wide, the height following the aspect ratio.
     *
     * @param width output columns, 1 .. {@value OutputSize#MAX_SIDE}
     * @return the target
     */
    static Target width(int width) {
        requireSide("width", width);
        return new Width(width);
    }

    /**
     * Exactly {@code height} high, the width following the aspect ratio.
     *
     * @param height output rows, 1 .. {@value OutputSize#MAX_SIDE}
     * @return the target
     */
    static Target height(int height) {
        requireSide("height", height);
        return new Height(height);
    }

    /**
     * Exactly {@code width x height}.
     *
     * @param width output columns
     * @param height output rows
     * @return the target
     */
    static Target size(int width, int height) {
        requireSide("width", width);
        requireSide("height", height);
        OutputSize.check(height, width);
        return new Size(width, height);
    }

    private static void requireScale(String name, double s) {
        if (!(s > 0) || s > OutputSize.MAX_SIDE) {
            throw new IllegalArgumentException(name + " must be a finite number in (0, " + OutputSize.MAX_SIDE
                    + "], got " + s);
        }
    }

    private static void requireSide(String name, int side) {
        if (side < 1 || side > OutputSize.MAX_SIDE) {
            throw new IllegalArgumentException(name + " must be 1 .. " + OutputSize.MAX_SIDE + ", got " + side);
        }
    }

    /**
     * Scale factors.
     *
     * @param sx horizontal factor
     * @param sy vertical factor
     */
    record Scale(double sx, double sy) implements Target {
        @Override
        public int[] resolve(int height, int width) {
            return checked(OutputSize.scaled(height, sy), OutputSize.scaled(width, sx));
        }
    }

    /**
     * A width, the aspect ratio kept.
     *
     * @param width output columns
     */
    record Width(int width) implements Target {
        @Override
        public int[] resolve(int height, int w) {
            return checked(OutputSize.scaled(height, width / (double) w), width);
        }
    }

    /**
     * A height, the aspect ratio kept.
     *
     * @param height output rows
     */
    record Height(int height) implements Target {
        @Override
        public int[] resolve(int h, int width) {
            return checked(height, OutputSize.scaled(width, height / (double) h));
        }
    }

    /**
     * An exact size.
     *
     * @param width output columns
     * @param height output rows
     */
    record Size(int width, int height) implements Target {
        @Override
        public int[] resolve(int h, int w) {
            return checked(height, width);
        }
    }

    private static int[] checked(int height, int width) {
        OutputSize.check(height, width);
        return new int[] {height, width};
    }
}
