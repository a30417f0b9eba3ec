package dev.linf.encoder.swin;

import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;

/**
 * One Swin transformer block (spec section 3.3): LayerNorm, (shifted) window multi-head
 * self-attention with the relative position bias, a residual; LayerNorm, MLP with exact GELU, a
 * residual. Tokens are (H*W, C) row-major.
 *
 * @param norm1 the LayerNorm before attention
 * @param qkv the query/key/value projection
 * @param proj the attention output projection
 * @param heads attention heads
 * @param windowSize the attention window side
 * @param norm2 the LayerNorm before the MLP
 * @param fc1 the MLP hidden layer
 * @param fc2 the MLP output layer
 * @param biasTable relative position bias, ((2 ws - 1)^2, heads) as stored
 * @param shift 0, or ws / 2 for the shifted blocks (odd positions in a stage)
 */
public record SwinBlock(LayerNorm norm1, DenseLayer qkv, DenseLayer proj, float[] biasTable, int heads,
        int windowSize, int shift, LayerNorm norm2, DenseLayer fc1, DenseLayer fc2) {
    /** The mask value between tokens of different shift regions. */
    private static final float MASKED = -100f;

    /** Checks the sizes of the parts against each other. */
    public SwinBlock {
        int c = norm1.channels();
        if (qkv.inFeatures() != c || qkv.outFeatures() != 3 * c || proj.inFeatures() != c || proj.outFeatures() != c
                || fc1.inFeatures() != c || fc2.outFeatures() != c || fc2.inFeatures() != fc1.outFeatures()
                || norm2.channels() != c) {
            throw new IllegalArgumentException("Swin block layers do not fit a width of " + c);
        }
        if (heads < 1 || c % heads != 0) {
            throw new IllegalArgumentException(c + " channels do not split into " + heads + " heads");
        }
        int span = 2 * windowSize - 1;
        if (biasTable.length != span * span * heads) {
            throw new IllegalArgumentException("relative position bias table has " + biasTable.length
                    + " values, expected " + span * span + "x" + heads);
        }
        biasTable = biasTable.clone();
    }

    /** {@return a copy of the relative position bias table} */
    @Override
    public float[] biasTable() {
        return biasTable.clone();
    }

    /**
     * The number of parameters.
     *
     * @return the count
     */
    public long parameterCount() {
        return 2L * norm1.channels() * 2 + qkv.parameterCount() + proj.parameterCount() + biasTable.length
                + fc1.parameterCount() + fc2.parameterCount();
    }

    /**
     * Multiply-accumulates per token (the linear layers and both attention products).
     *
     * @return the count
     */
    public long macsPerToken() {
        long c = norm1.channels();
        long n = (long) windowSize * windowSize;
        return c * 3 * c + c * c + 2 * n * c + c * fc1.outFeatures() * 2;
    }

    /**
     * Tokens per band of the per-token steps: a multiple of the fast GEMM's row blocks (6 and 8),
     * small enough that a band's activations stay in L2 between the steps. 192 measured 10-20%
     * faster than 96 on the full-size encoder (SwinIR 128x128: 7.7-9.1 s against 9.8-9.9 s).
     */
    private static final int BAND = 192;

    /**
     * The block on tokens of an h x w map (both multiples of the window), in place. The per-token
     * steps (LayerNorms, the linear layers, GELU, residuals) run band by band of tokens on all
     * threads, one band's steps back to back; attention runs window by window. Each token's
     * arithmetic is the same whatever the banding, so results do not depend on the thread count.
     * {@code qkvOut} (h w x 3C) and {@code attended} (h w x C) are working memory that a stage's
     * blocks reuse.
     *
     * @param tokens the h w x C tokens, row-major, replaced by the block's output
     * @param h the map's height, a multiple of the window
     * @param w the map's width, a multiple of the window
     * @param kernels the kernels to run on
     * @param parallel the threads
     * @param qkvOut working memory of at least h w x 3C values
     * @param attended working memory of at least h w x C values
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public void apply(float[] tokens, int h, int w, Kernels kernels, Parallel parallel, float[] qkvOut,
            float[] attended) {
        int c = norm1.channels();
        long values = (long) h * w * c;
        if (h < 1 || w < 1 || h % windowSize != 0 || w % windowSize != 0 || tokens.length < values
                || qkvOut.length < 3 * values || attended.length < values) {
            throw new IllegalArgumentException("a " + h + "x" + w + " map of " + c + " channels does not fit a "
                    + windowSize + "-token window or the " + tokens.length + "/" + qkvOut.length + "/"
                    + attended.length + " values given");
        }
        float scale = (float) Math.pow(c / heads, -0.5);
        int count = h * w;
        int bands = (count + BAND - 1) / BAND;
        parallel.forEach(bands, () -> new float[BAND * c], (normed, band) -> {
            int t0 = band * BAND;
            int n = Math.min(BAND, count - t0);
            norm1.apply(kernels, tokens, t0 * c, normed, 0, n);
            kernels.dense(normed, 0, n, qkv, qkvOut, t0 * 3 * c, false);
            for (int t = t0; t < t0 + n; t++) { // q * head_dim^-0.5, as the official code scales q
                kernels.scale(qkvOut, t * 3 * c, c, scale, qkvOut, t * 3 * c);
            }
        });
        // attended: every token is written by exactly one window
        int across = w / windowSize;
        float[] bias = positionBias();
        parallel.forEach((h / windowSize) * across, WindowScratch::new,
                (scratch, win) -> window(qkvOut, attended, bias, h, w, win / across, win % across, kernels, scratch));
        int hidden = fc1.outFeatures();
        parallel.forEach(bands, () -> new float[BAND * (2 * c + hidden)], (scratch, band) -> {
            int t0 = band * BAND;
            int n = Math.min(BAND, count - t0);
            int off = t0 * c;
            // scratch: [projected or MLP output: BAND x c | normed: BAND x c | hidden: BAND x hidden]
            kernels.dense(attended, off, n, proj, scratch, 0, false);
            for (int i = 0; i < n * c; i++) {
                tokens[off + i] += scratch[i];
            }
            int normed = BAND * c;
            int act = 2 * BAND * c;
            norm2.apply(kernels, tokens, off, scratch, normed, n);
            kernels.dense(scratch, normed, n, fc1, scratch, act, false);
            kernels.gelu(scratch, act, n * hidden);
            kernels.dense(scratch, act, n, fc2, scratch, 0, false);
            for (int i = 0; i < n * c; i++) {
                tokens[off + i] += scratch[i];
            }
        });
    }

    /**
     * One thread's working memory for attention, reused from window to window. v and the heads'
     * outputs have their rows padded to a multiple of 16 with zero columns, so the fast kernels'
     * attn v product runs on whole vectors (the padding's products are zeros, never copied out).
     */
    private final class WindowScratch {
        final int n = windowSize * windowSize;
        final int hd = norm1.channels() / heads;
        final int padded = (hd + 15) / 16 * 16;
        final int[] src = new int[n];
        final int[] region = new int[n];
        /** Per head: q (n x hd, already scaled), k (n x hd), v (n x padded). */
        final float[] q = new float[heads * n * hd];
        final float[] k = new float[heads * n * hd];
        final float[] v = new float[heads * n * padded];
        /** One head's k transposed (hd x n), small enough to stay in L1 while it is written. */
        final float[] kt = new float[hd * n];
        final float[] attn = new float[n * n];
        final float[] o = new float[n * padded];
        /** The shift mask of the current window: MASKED between tokens of different regions, else -0. */
        final float[] mask = new float[n * n];
    }

    /**
     * Attention inside window (wy, wx) of the map rolled by -shift: gathers its tokens' q, k, v per
     * head, and writes the heads' outputs back to the tokens' own (unrolled) positions.
     */
    private void window(float[] qkvOut, float[] out, float[] bias, int h, int w, int wy, int wx, Kernels kernels,
            WindowScratch s) {
        int c = norm1.channels();
        int hd = s.hd;
        int n = s.n;
        int[] src = s.src;
        int[] region = s.region;
        for (int iy = 0; iy < windowSize; iy++) {
            for (int ix = 0; ix < windowSize; ix++) {
                int y = wy * windowSize + iy; // position in the rolled map
                int x = wx * windowSize + ix;
                src[iy * windowSize + ix] = ((y + shift) % h) * w + (x + shift) % w;
                region[iy * windowSize + ix] = 3 * region(y, h) + region(x, w);
            }
        }
        float[] q = s.q;
        float[] k = s.k;
        float[] kt = s.kt;
        float[] v = s.v;
        float[] attn = s.attn;
        float[] o = s.o;
        // The shift mask, added to every score (-0 where it does not apply: (a + b) + -0 is
        // a + b), made for every window without a branch: a branch on the shift or on whether the
        // window spans regions made C2 throw away its first compilation of this method (unshifted
        // blocks come first) at the first window that does.
        float[] mask = s.mask;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int differ = region[i] ^ region[j];
                mask[i * n + j] = MASKED * ((differ | -differ) >>> 31);
            }
        }
        // One pass over the window's tokens, each token's q, k, v rows read once for all heads
        // (head by head it was a pass per head; with k transposed per head in L1 and the bias and
        // mask added in the softmax, SwinBlockBench's fastest call went from 101-104 to 90-91 ms).
        int padded = s.padded;
        for (int t = 0; t < n; t++) {
            int base = src[t] * 3 * c;
            for (int head = 0; head < heads; head++) {
                int in = base + head * hd;
                System.arraycopy(qkvOut, in, q, (head * n + t) * hd, hd);
                System.arraycopy(qkvOut, in + c, k, (head * n + t) * hd, hd);
                System.arraycopy(qkvOut, in + 2 * c, v, (head * n + t) * padded, hd);
            }
        }
        for (int head = 0; head < heads; head++) {
            for (int d = 0; d < hd; d++) {
                for (int t = 0; t < n; t++) {
                    kt[d * n + t] = k[(head * n + t) * hd + d];
                }
            }
            kernels.matmul(q, head * n * hd, kt, 0, n, n, hd, attn, 0);
            for (int i = 0; i < n; i++) {
                kernels.softmax(attn, i * n, n, bias, (head * n + i) * n, mask, i * n);
            }
            kernels.matmul(attn, 0, v, head * n * padded, n, padded, n, o, 0);
            for (int t = 0; t < n; t++) {
                System.arraycopy(o, t * padded, out, src[t] * c + head * hd, hd);
            }
        }
    }

    /**
     * The relative position bias of every (query, key) pair of a window, per head: (heads, n, n),
     * looked up once per call instead of per window.
     */
    private float[] positionBias() {
        int n = windowSize * windowSize;
        int span = 2 * windowSize - 1;
        float[] bias = new float[heads * n * n];
        for (int i = 0; i < n; i++) {
            int iy = i / windowSize;
            int ix = i % windowSize;
            for (int j = 0; j < n; j++) {
                int rel = (iy - j / windowSize + windowSize - 1) * span + (ix - j % windowSize + windowSize - 1);
                for (int head = 0; head < heads; head++) {
                    bias[(head * n + i) * n + j] = biasTable[rel * heads + head];
                }
            }
        }
        return bias;
    }

    /** Which of the three shift regions (slices [0, -ws), [-ws, -shift), [-shift, end)) a position is in. */
    private int region(int p, int size) {
        // Branch-free (1 from size - windowSize on, 2 from size - shift on; all 0 without a shift),
        // for the same reason as the mask in window().
        int shifted = -shift >>> 31;
        return shifted * (((size - windowSize - 1 - p) >>> 31) + ((size - shift - 1 - p) >>> 31));
    }
}
