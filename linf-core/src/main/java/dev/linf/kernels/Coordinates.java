package dev.linf.kernels;

/**
 * Pixel-centre coordinates in (-1, 1) exactly as the official {@code utils.make_coord} computes
 * them in float32: {@code fl(fl(i * fl(2r)) + fl(-1 + r))} with {@code r = 1/n}. The "obvious"
 * double formula differs by one ulp in many entries, which is why this is spelled out.
 */
public final class Coordinates {
    private Coordinates() {
    }

    /**
     * The n pixel-centre coordinates of one axis.
     *
     * @param n pixels along the axis
     * @return n coordinates in (-1, 1)
     */
    public static float[] axis(int n) {
        double r = 1.0 / n;
        float step = (float) (2 * r);
        float start = (float) (-1 + r);
        float[] seq = new float[n];
        for (int i = 0; i < n; i++) {
            seq[i] = (float) i * step + start;
        }
        return seq;
    }
}
