package dev.linf.cpu;

/**
 * A K x N matrix (row-major, as {@code W^T}) repacked into panels of {@link #WIDTH} columns (two
 * vectors), each stored K x WIDTH contiguously and zero-padded past N, so the micro-kernel streams
 * one panel linearly.
 */
record PackedPanels(int k, int n, float[] data) {
    static final int WIDTH = 2 * jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();

    static PackedPanels pack(float[] kxn, int offset, int k, int n) {
        int panels = (n + WIDTH - 1) / WIDTH;
        float[] d = new float[panels * k * WIDTH];
        for (int p = 0; p < panels; p++) {
            for (int kk = 0; kk < k; kk++) {
                for (int j = 0; j < WIDTH && p * WIDTH + j < n; j++) {
                    d[(p * k + kk) * WIDTH + j] = kxn[offset + kk * n + p * WIDTH + j];
                }
            }
        }
        return new PackedPanels(k, n, d);
    }

    int panels() {
        return (n + WIDTH - 1) / WIDTH;
    }

    int panelOffset(int panel) {
        return panel * k * WIDTH;
    }
}
