package dev.linf;

import dev.linf.model.OutputSize;

/**
 * The output size of an upscale, from the input's: a factor, separate row/column factors, a width
 * or height with the aspect ratio kept, or an exact size. Sizes round half to even, as the
 * official code ({@code round(h * s)}).
 */
public sealed interface Target {

    /** (height, width) of the output for an {@code height x width} input. */
    int[] resolve(int height, int width);

    /** Both sides times {@code s} (e.g. 2.37). */
    static Target scale(double s) {
        return scale(s, s);
    }

    /** Width times {@code sx}, height times {@code sy}. */
    static Target scale(double sx, double sy) {
        requireScale(sx);
        requireScale(sy);
        return new Scale(sx, sy);
    }

    /** Exactly {@code width} wide, the height following the aspect ratio. */
    static Target width(int width) {
        return new Width(width);
    }

    /** Exactly {@code height} high, the width following the aspect ratio. */
    static Target height(int height) {
        return new Height(height);
    }

    /** Exactly {@code width x height}. */
    static Target size(int width, int height) {
        OutputSize.check(height, width);
        return new Size(width, height);
    }

    private static void requireScale(double s) {
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("scale must be a finite number > 0, got " + s);
        }
    }

    record Scale(double sx, double sy) implements Target {
        @Override
        public int[] resolve(int height, int width) {
            return checked(OutputSize.scaled(height, sy), OutputSize.scaled(width, sx));
        }
    }

    record Width(int width) implements Target {
        @Override
        public int[] resolve(int height, int w) {
            return checked(OutputSize.scaled(height, width / (double) w), width);
        }
    }

    record Height(int height) implements Target {
        @Override
        public int[] resolve(int h, int width) {
            return checked(height, OutputSize.scaled(width, height / (double) h));
        }
    }

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
