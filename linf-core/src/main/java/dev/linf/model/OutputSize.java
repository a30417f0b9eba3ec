package dev.linf.model;

/** How output sizes are derived from scales, and the limits on them. */
public final class OutputSize {
    /** Largest output side we accept. */
    public static final int MAX_SIDE = 1 << 16;
    /** Largest output we accept, in pixels (the float32 output alone is 12 bytes per pixel). */
    public static final long MAX_PIXELS = 1L << 28;

    private OutputSize() {
    }

    /**
     * {@code round(n * scale)} with Python's round-half-to-even, as the official code sizes its output.
     *
     * @param n input pixels along the axis
     * @param scale the factor
     * @return output pixels along the axis
     * @throws IllegalArgumentException for a non-finite or non-positive scale, or a result outside
     *     1 .. {@link #MAX_SIDE}
     */
    public static int scaled(int n, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive number, got " + scale);
        }
        double v = Math.rint(n * scale);
        if (v < 1 || v > MAX_SIDE) {
            throw new IllegalArgumentException(String.format(
                    "scale %s turns %d pixels into %.0f; the output side must be 1 .. %d", scale, n, v, MAX_SIDE));
        }
        return (int) v;
    }

    /**
     * Checks an explicit output size against the limits.
     *
     * @param height output rows
     * @param width output columns
     * @throws IllegalArgumentException when it is outside the limits
     */
    public static void check(int height, int width) {
        if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE
                || (long) height * width > MAX_PIXELS) {
            throw new IllegalArgumentException(String.format("output size %dx%d is outside the supported range"
                    + " (each side 1 .. %d, at most %d pixels)", width, height, MAX_SIDE, MAX_PIXELS));
        }
    }
}
