package dev.linf.cpu;

import dev.linf.kernels.Activation;
import dev.linf.kernels.ChannelSlice;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3x3 convolution by Winograd's minimal filtering F(m x m, 3 x 3) (Lavin and Gray, 2016): each m x m
 * block of output pixels ("tile") comes from a (m + 2)^2 input patch transformed as {@code B^T d B},
 * multiplied position by position with the transformed kernels {@code G g G^T}, and transformed back
 * as {@code A^T M A}. The (m + 2)^2 position-wise products over all channels are GEMMs on
 * {@link Sgemm}, with 9 m^2 / (m + 2)^2 times fewer multiplications than the direct convolution
 * (2.25 for m = 2, 4 for m = 4). Pixel-major: the transforms run on vectors of channels, read and
 * write {@link ChannelSlice}s in place (no padded copy, no concatenation) and zero-pad the image
 * border in a per-tile patch. Work is split into blocks of up to {@link #TILES} tiles whose transforms
 * and products stay in the thread's cache.
 *
 * <p>Rounding differs from the direct convolution: F(2x2) about as accurate, F(4x4) about 15 times
 * the direct float32 error on one random 192 -> 32 layer (its transforms multiply by up to 8 and
 * 1/24), yet on the golden models within 2.2e-6 of the official features. F(4x4) is the one in use
 * ({@link VectorKernels#WINOGRAD}); F(2x2) is the more accurate one to switch to, tested alike.
 */
final class Winograd {
    private static final VectorSpecies<Float> S = Sgemm.S;
    private static final int L = S.length();
    /** Tiles per block: 64 rows for the GEMM (10 register blocks of 6 + one of 4 on AVX2, 8 of 8 on AVX-512). */
    private static final int TILES = 64;

    /** F(2x2, 3x3): 4x4 patches, transforms of 0, +-1 and 1/2 (rounding as the direct convolution's). */
    static final Winograd F2 = new Winograd(2, new double[][] {{1, 0, 0}, {.5, .5, .5}, {.5, -.5, .5}, {0, 0, 1}});
    /** F(4x4, 3x3): 6x6 patches at the points 0, +-1, +-2 (Lavin and Gray's matrices). */
    static final Winograd F4 = new Winograd(4, new double[][] {{1 / 4.0, 0, 0}, {-1 / 6.0, -1 / 6.0, -1 / 6.0},
        {-1 / 6.0, 1 / 6.0, -1 / 6.0}, {1 / 24.0, 1 / 12.0, 1 / 6.0}, {1 / 24.0, -1 / 12.0, 1 / 6.0}, {0, 0, 1}});

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    /** Output pixels per tile side. */
    final int m;
    /** Patch side, m + 2. */
    final int t;
    private final double[][] g;

    private Winograd(int m, double[][] g) {
        this.m = m;
        this.t = m + 2;
        this.g = g;
    }

    /** The kernels transformed, one (in x out) GEMM operand per patch position, and the biases. */
    record Packed(PackedPanels[] positions, float[] bias, float[] zeros) {
    }

    /**
     * Whether {@code w} runs here: a 3x3 kernel whose channel counts are whole vectors.
     *
     * @param w the weights
     * @return whether {@link #convolve} takes it
     */
    static boolean takes(ConvWeights w) {
        return w.kernelSize() == 3 && w.inChannels() % L == 0 && w.outChannels() % L == 0;
    }

    /**
     * Whether {@code w} runs here after its channels are padded with zeros to whole vectors (SwinIR's
     * 180 and 60): a 3x3 kernel with at least two vectors of channels in and out, where the copies
     * in and out cost little against the 4x fewer multiplications.
     *
     * @param w the weights
     * @return whether {@link VectorKernels} pads it for {@link #convolve}
     */
    static boolean takesPadded(ConvWeights w) {
        return w.kernelSize() == 3 && w.inChannels() >= 2 * L && w.outChannels() >= 2 * L;
    }

    /**
     * {@code w} with zero input and output channels appended up to whole vectors.
     *
     * @param w the weights
     * @return the padded weights (w itself when already whole vectors)
     */
    static ConvWeights padded(ConvWeights w) {
        int cin = w.inChannels();
        int cout = w.outChannels();
        int cp = (cin + L - 1) / L * L;
        int op = (cout + L - 1) / L * L;
        if (cp == cin && op == cout) {
            return w;
        }
        float[] src = w.weight();
        float[] dst = new float[op * cp * 9];
        for (int o = 0; o < cout; o++) {
            for (int c = 0; c < cin; c++) {
                System.arraycopy(src, (o * cin + c) * 9, dst, (o * cp + c) * 9, 9);
            }
        }
        return new ConvWeights(op, cp, 3, dst, java.util.Arrays.copyOf(w.bias(), op));
    }

    /**
     * {@code U = G g G^T} for every (out, in) pair, in double, rounded once to float, written into
     * the GEMM's packed layout. Made for each call, not cached: the transformed kernels are t^2 / 9
     * times the weights (4x for F(4x4)), which for RDN would be 350 MB of heap. Per output channel,
     * the arithmetic runs along rows of the input channels (the 9 taps transposed into rows first),
     * loops over one index that C2 vectorises; each value is the same sum of the same products as
     * element by element, which took 1.05-1.12 ms for 192 -> 32 on one thread (5-6% of
     * RRDB-patch3's warm encoder samples), now 0.61-0.63 ms.
     */
    Packed pack(ConvWeights w, Parallel parallel) {
        float[] weight = w.weight();
        int cin = w.inChannels();
        int cout = w.outChannels();
        int width = PackedPanels.WIDTH;
        int panels = (cout + width - 1) / width;
        float[][] u = new float[t * t][panels * cin * width];
        // A thread's rows, one value per input channel: 0-8 the taps, 9 .. 9 + 3t the rows of G g,
        // the last one row of U.
        parallel.forEach(cout, () -> new double[9 + 3 * t + 1][cin], (rows, o) -> {
            for (int k = 0; k < 9; k++) {
                tapRow(weight, o * cin * 9 + k, rows[k], cin);
            }
            for (int i = 0; i < t; i++) { // G g
                for (int j = 0; j < 3; j++) {
                    combine(rows[j], g[i][0], rows[3 + j], g[i][1], rows[6 + j], g[i][2], rows[9 + i * 3 + j], cin);
                }
            }
            double[] row = rows[9 + 3 * t];
            int panel = o / width * cin * width + o % width; // (o / width * cin + c) * width + o % width
            for (int i = 0; i < t; i++) { // (G g) G^T
                for (int j = 0; j < t; j++) {
                    combine(rows[9 + i * 3], g[j][0], rows[9 + i * 3 + 1], g[j][1], rows[9 + i * 3 + 2], g[j][2],
                            row, cin);
                    scatter(row, u[i * t + j], panel, width, cin);
                }
            }
        });
        PackedPanels[] positions = new PackedPanels[t * t];
        for (int p = 0; p < t * t; p++) {
            positions[p] = new PackedPanels(cin, cout, u[p]);
        }
        return new Packed(positions, w.bias(), new float[cout]);
    }

    // pack's steps, each a short loop over the input channels in its own method: as one lambda
    // with the loops inside, C2 compiled it on stack at two of its loops and then whole.

    /** {@code row[c] = weight[first + 9 c]}: one tap of every input channel's kernel. */
    private static void tapRow(float[] weight, int first, double[] row, int cin) {
        for (int c = 0; c < cin; c++) {
            row[c] = weight[first + 9 * c];
        }
    }

    /** {@code out[c] = w0[c] g0 + w1[c] g1 + w2[c] g2}, in that order. */
    private static void combine(double[] w0, double g0, double[] w1, double g1, double[] w2, double g2, double[] out,
            int cin) {
        for (int c = 0; c < cin; c++) {
            out[c] = w0[c] * g0 + w1[c] * g1 + w2[c] * g2;
        }
    }

    /** One output channel's transformed values into the GEMM's panel layout, rounded to float. */
    private static void scatter(double[] row, float[] up, int panel, int width, int cin) {
        for (int c = 0; c < cin; c++) {
            up[panel + c * width] = (float) row[c];
        }
    }

    /** Convolves {@code in} into {@code out} (same size, channels as packed), activated. */
    void convolve(ChannelSlice in, Packed p, Activation activation, ChannelSlice out, Parallel parallel) {
        int h = in.h();
        int wd = in.w();
        int tilesY = (h + m - 1) / m;
        int tilesX = (wd + m - 1) / m;
        int cb = Math.min(tilesX, TILES);
        int rb = Math.max(1, TILES / Math.max(cb, 1));
        int colBlocks = (tilesX + cb - 1) / Math.max(cb, 1);
        int rowBlocks = (tilesY + rb - 1) / rb;
        int act = activation.ordinal();
        parallel.forEach(rowBlocks * colBlocks, task -> {
            int ty0 = task / colBlocks * rb;
            int tx0 = task % colBlocks * cb;
            block(in, p, act, out, ty0, Math.min(rb, tilesY - ty0), tx0, Math.min(cb, tilesX - tx0));
        });
    }

    private static float[] scratch(int which, int length) {
        float[][] s = SCRATCH.get();
        if (s[which].length < length) {
            s[which] = new float[length];
        }
        return s[which];
    }

    /** One block of nty x ntx tiles: input transforms, t^2 GEMMs, output transforms. */
    private void block(ChannelSlice in, Packed p, int act, ChannelSlice out, int ty0, int nty, int tx0, int ntx) {
        int cin = in.channels();
        int cout = out.channels();
        int nt = nty * ntx;
        int positions = t * t;
        float[] v = scratch(0, positions * nt * cin);
        float[] mm = scratch(1, positions * nt * cout);
        float[] patch = scratch(2, positions * cin);
        float[] tmp = scratch(3, positions * Math.max(cin, cout));
        for (int a = 0; a < nty; a++) {
            for (int b = 0; b < ntx; b++) {
                inputTile(in, (ty0 + a) * m - 1, (tx0 + b) * m - 1, v, a * ntx + b, patch, tmp);
            }
        }
        for (int q = 0; q < positions; q++) {
            Sgemm.multiply(v, q * cin, positions * cin, nt, p.positions()[q], p.zeros(), mm, q * cout, positions * cout);
        }
        for (int a = 0; a < nty; a++) {
            for (int b = 0; b < ntx; b++) {
                outputTile(mm, a * ntx + b, cout, p.bias(), act, out, (ty0 + a) * m, (tx0 + b) * m, tmp);
            }
        }
    }

    /**
     * {@code B^T d B} of the patch with top-left pixel (y0, x0), zero outside the image, into v's
     * tile. Each pass sweeps whole pixels' channels, so the image is read in order.
     */
    private void inputTile(ChannelSlice in, int y0, int x0, float[] v, int tile, float[] patch, float[] tmp) {
        int cin = in.channels();
        float[] rows;
        int base;
        int step;
        int rowStep;
        if (y0 >= 0 && x0 >= 0 && y0 + t <= in.h() && x0 + t <= in.w()) {
            rows = in.data();
            base = in.at(y0, x0);
            step = in.stride();
            rowStep = in.w() * in.stride();
        } else {
            gatherPatch(in, y0, x0, patch);
            rows = patch;
            base = 0;
            step = cin;
            rowStep = t * cin;
        }
        int dst = tile * t * t * cin;
        if (m == 4) {
            for (int i = 0; i < t; i++) { // rows: tmp[i][j] = sum_b BT[j][b] d[i][b]
                input4(rows, base + i * rowStep, step, tmp, i * t * cin, cin, cin);
            }
            for (int j = 0; j < t; j++) { // columns: v[i][j] = sum_a BT[i][a] tmp[a][j]
                input4(tmp, j * cin, t * cin, v, dst + j * cin, t * cin, cin);
            }
        } else {
            for (int i = 0; i < t; i++) {
                input2(rows, base + i * rowStep, step, tmp, i * t * cin, cin, cin);
            }
            for (int j = 0; j < t; j++) {
                input2(tmp, j * cin, t * cin, v, dst + j * cin, t * cin, cin);
            }
        }
    }

    /** Copies a patch reaching past the border into t x t x cin, zeros outside. */
    private void gatherPatch(ChannelSlice in, int y0, int x0, float[] patch) {
        int cin = in.channels();
        java.util.Arrays.fill(patch, 0, t * t * cin, 0f);
        for (int i = 0; i < t; i++) {
            int y = y0 + i;
            if (y < 0 || y >= in.h()) {
                continue;
            }
            for (int j = 0; j < t; j++) {
                int x = x0 + j;
                if (x >= 0 && x < in.w()) {
                    System.arraycopy(in.data(), in.at(y, x), patch, (i * t + j) * cin, cin);
                }
            }
        }
    }

    /** {@code A^T M A} of one tile plus bias, activated, into the output pixels inside the image. */
    private void outputTile(float[] mm, int tile, int cout, float[] bias, int act, ChannelSlice out, int y0, int x0,
            float[] tmp) {
        int rows = Math.min(m, out.h() - y0);
        int cols = Math.min(m, out.w() - x0);
        int outRow = out.w() * out.stride();
        float[] o = out.data();
        for (int i = 0; i < t; i++) { // rows: tmp[i][q] = sum_j AT[q][j] M[i][j]
            int src = (tile * t * t + i * t) * cout;
            if (m == 4) {
                output4(mm, src, cout, null, tmp, i * m * cout, cout, m, cout);
            } else {
                output2(mm, src, cout, null, tmp, i * m * cout, cout, m, cout);
            }
        }
        for (int q = 0; q < cols; q++) { // columns: y[p][q] = sum_i AT[p][i] tmp[i][q], plus the bias
            int dst = out.at(y0, x0 + q);
            if (m == 4) {
                output4(tmp, q * cout, m * cout, bias, o, dst, outRow, rows, cout);
            } else {
                output2(tmp, q * cout, m * cout, bias, o, dst, outRow, rows, cout);
            }
            if (act != 0) {
                for (int p = 0; p < rows; p++) {
                    activate(o, dst + p * outRow, cout, act);
                }
            }
        }
    }

    // The 1-D transforms on n channels (whole vectors): d_k at src[base + k * step + c], results at
    // dst[dBase + k * dStep + c]. Each loops over the channels itself, so it is one compiled method
    // per call site's worth of work (vectors never cross a method boundary: PERFORMANCE-NOTES hazard 2).

    private static void input4(float[] src, int base, int step, float[] dst, int dBase, int dStep, int n) {
        for (int c = 0; c < n; c += L) {
            FloatVector d0 = FloatVector.fromArray(S, src, base + c);
            FloatVector d1 = FloatVector.fromArray(S, src, base + step + c);
            FloatVector d2 = FloatVector.fromArray(S, src, base + 2 * step + c);
            FloatVector d3 = FloatVector.fromArray(S, src, base + 3 * step + c);
            FloatVector d4 = FloatVector.fromArray(S, src, base + 4 * step + c);
            FloatVector d5 = FloatVector.fromArray(S, src, base + 5 * step + c);
            // r0 = 4 d0 - 5 d2 + d4; r1 = -4 (d1 + d2) + d3 + d4; r2 = 4 (d1 - d2) - d3 + d4;
            // r3 = (d4 - d2) - 2 (d1 - d3); r4 = (d4 - d2) + 2 (d1 - d3); r5 = 4 d1 - 5 d3 + d5
            FloatVector d4m2 = d4.sub(d2);
            FloatVector d1m3 = d1.sub(d3).mul(2f);
            int o = dBase + c;
            d0.mul(4f).add(d2.mul(-5f)).add(d4).intoArray(dst, o);
            d1.add(d2).mul(-4f).add(d3.add(d4)).intoArray(dst, o + dStep);
            d1.sub(d2).mul(4f).add(d4.sub(d3)).intoArray(dst, o + 2 * dStep);
            d4m2.sub(d1m3).intoArray(dst, o + 3 * dStep);
            d4m2.add(d1m3).intoArray(dst, o + 4 * dStep);
            d1.mul(4f).add(d3.mul(-5f)).add(d5).intoArray(dst, o + 5 * dStep);
        }
    }

    /**
     * The output transform's 4 results, plus {@code bias[c]} unless it is null, storing only the
     * first {@code rows} of them (a tile past the image's bottom edge).
     */
    private static void output4(float[] src, int base, int step, float[] bias, float[] dst, int dBase, int dStep,
            int rows, int n) {
        for (int c = 0; c < n; c += L) {
            FloatVector m0 = FloatVector.fromArray(S, src, base + c);
            FloatVector m1 = FloatVector.fromArray(S, src, base + step + c);
            FloatVector m2 = FloatVector.fromArray(S, src, base + 2 * step + c);
            FloatVector m3 = FloatVector.fromArray(S, src, base + 3 * step + c);
            FloatVector m4 = FloatVector.fromArray(S, src, base + 4 * step + c);
            FloatVector m5 = FloatVector.fromArray(S, src, base + 5 * step + c);
            FloatVector b = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, c);
            FloatVector s12 = m1.add(m2);
            FloatVector d12 = m1.sub(m2);
            FloatVector s34 = m3.add(m4);
            FloatVector d34 = m3.sub(m4);
            int o = dBase + c;
            m0.add(s12).add(s34).add(b).intoArray(dst, o);
            if (rows > 1) {
                d12.add(d34.mul(2f)).add(b).intoArray(dst, o + dStep);
            }
            if (rows > 2) {
                s12.add(s34.mul(4f)).add(b).intoArray(dst, o + 2 * dStep);
            }
            if (rows > 3) {
                d12.add(d34.mul(8f)).add(m5).add(b).intoArray(dst, o + 3 * dStep);
            }
        }
    }

    private static void input2(float[] src, int base, int step, float[] dst, int dBase, int dStep, int n) {
        for (int c = 0; c < n; c += L) {
            FloatVector d0 = FloatVector.fromArray(S, src, base + c);
            FloatVector d1 = FloatVector.fromArray(S, src, base + step + c);
            FloatVector d2 = FloatVector.fromArray(S, src, base + 2 * step + c);
            FloatVector d3 = FloatVector.fromArray(S, src, base + 3 * step + c);
            int o = dBase + c;
            d0.sub(d2).intoArray(dst, o);
            d1.add(d2).intoArray(dst, o + dStep);
            d2.sub(d1).intoArray(dst, o + 2 * dStep);
            d1.sub(d3).intoArray(dst, o + 3 * dStep);
        }
    }

    /** {@link #output4}'s counterpart for F(2x2). */
    private static void output2(float[] src, int base, int step, float[] bias, float[] dst, int dBase, int dStep,
            int rows, int n) {
        for (int c = 0; c < n; c += L) {
            FloatVector m0 = FloatVector.fromArray(S, src, base + c);
            FloatVector m1 = FloatVector.fromArray(S, src, base + step + c);
            FloatVector m2 = FloatVector.fromArray(S, src, base + 2 * step + c);
            FloatVector m3 = FloatVector.fromArray(S, src, base + 3 * step + c);
            FloatVector b = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, c);
            int o = dBase + c;
            m0.add(m1).add(m2).add(b).intoArray(dst, o);
            if (rows > 1) {
                m1.sub(m2).sub(m3).add(b).intoArray(dst, o + dStep);
            }
        }
    }

    /** {@link Activation} by ordinal, in place: ReLU as {@code max(x, 0)}, LeakyReLU as {@code x > 0 ? x : 0.2 x}. */
    private static void activate(float[] a, int off, int n, int act) {
        for (int c = 0; c < n; c += L) {
            FloatVector y = FloatVector.fromArray(S, a, off + c);
            if (act == 1) {
                y = y.max(0f);
            } else {
                y = y.blend(y.mul(Activation.LEAKY_SLOPE), y.compare(VectorOperators.GT, 0f).not());
            }
            y.intoArray(a, off + c);
        }
    }
}
