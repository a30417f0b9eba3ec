package dev.linf.cpu;

import dev.linf.kernels.Activation;
import dev.linf.kernels.ChannelSlice;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.kernels.PixelMajor;
import dev.linf.tensor.Tensor;

/**
 * Kernels on the Java Vector API (8-lane float vectors, AVX2): register-blocked SGEMM for the
 * per-query MLP, direct convolution in NHWC as one GEMM per kernel row over padded rows, and vectorised
 * sin/cos. Weights are packed once, on first use, and cached per layer (layers are immutable, so the packed copy never goes stale). Only loaded after
 * {@link VectorKernelsProvider} has checked that {@code jdk.incubator.vector} is readable.
 */
final class VectorKernels implements Kernels {
    static final VectorKernels INSTANCE = new VectorKernels();
    /** The Winograd transform every eligible 3x3 convolution uses. */
    static final Winograd WINOGRAD = Winograd.F4;

    /**
     * Runs {@link ClassPreload} once, at the first convolution or dense layer (every model starts
     * with one), not at class initialisation, which looking the kernels up (as {@code linf info}
     * does) also triggers: the preload takes about 0.2 s.
     */
    private static final class Preload {
        static {
            ClassPreload.run(INSTANCE);
        }

        static void ensure() { // initialises the class; empty once it is
        }
    }

    private final PackedCache<DenseLayer, PackedDense> denseCache = new PackedCache<>();

    /** A dense layer as the GEMM reads it: packed weights and the biases, copied once per layer. */
    private record PackedDense(PackedPanels weights, float[] bias) {
    }
    private final PackedCache<ConvWeights, PackedPanels[]> convCache = new PackedCache<>();

    private VectorKernels() {
    }

    /** Runs {@link ClassPreload} now (about 0.2 s, once per JVM), not at the first layer. */
    @Override
    public void prepare() {
        Preload.ensure();
    }

    @Override
    public String name() {
        return "Vector API (" + Sgemm.S.length() + " x float32)";
    }

    @Override
    public void dense(float[] in, int inOff, int rows, DenseLayer layer, float[] out, int outOff, boolean relu) {
        Preload.ensure();
        if (in.length < inOff + (long) rows * layer.inFeatures() || out.length < outOff + (long) rows * layer.outFeatures()) {
            throw new IllegalArgumentException("dense: buffers too small for " + rows + " rows");
        }
        PackedDense p = denseCache.get(layer, key -> new PackedDense(
                PackedPanels.pack(layer.weightT(), 0, layer.inFeatures(), layer.outFeatures()), layer.bias()));
        Sgemm.multiply(in, inOff, layer.inFeatures(), rows, p.weights(), p.bias(), out, outOff, layer.outFeatures());
        if (relu) {
            Sgemm.relu(out, outOff, layer.outFeatures(), rows, layer.outFeatures());
        }
    }

    /**
     * One packed (k * in) x out matrix per kernel row ky: row {@code kx * in + c} holds
     * W[., c, ky, kx]. In the padded NHWC input the k pixels a kernel row covers are adjacent, so
     * one output row against kernel row ky is a single GEMM with K = k * in over overlapping rows.
     */
    private PackedPanels[] convPanels(ConvWeights w) {
        return convCache.get(w, key -> {
            float[] weight = w.weight();
            int k = w.kernelSize();
            int cin = w.inChannels();
            int cout = w.outChannels();
            PackedPanels[] rows = new PackedPanels[k];
            float[] m = new float[k * cin * cout];
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    for (int c = 0; c < cin; c++) {
                        for (int o = 0; o < cout; o++) {
                            m[(kx * cin + c) * cout + o] = weight[((o * cin + c) * k + ky) * k + kx];
                        }
                    }
                }
                rows[ky] = PackedPanels.pack(m, 0, k * cin, cout);
            }
            return rows;
        });
    }

    @Override
    public Tensor conv2d(Tensor input, ConvWeights w, Parallel parallel) {
        return PixelMajor.toChw(conv2dPixelMajor(input, w, parallel), parallel);
    }

    @Override
    public Tensor conv2dPixelMajor(Tensor input, ConvWeights w, Parallel parallel) {
        Preload.ensure();
        if (input.rank() != 3 || input.dim(0) != w.inChannels()) {
            throw new IllegalArgumentException("conv2d expects (" + w.inChannels() + ", H, W) input, got " + input);
        }
        int cin = w.inChannels();
        int h = input.dim(1);
        int wd = input.dim(2);
        int pad = w.kernelSize() / 2;
        int pw = wd + 2 * pad;
        float[] padded = paddedInput(h, wd, w);
        float[] src = input.data();
        parallel.forEach(h, y -> {
            for (int c = 0; c < cin; c++) {
                for (int x = 0; x < wd; x++) {
                    padded[((y + pad) * pw + x + pad) * cin + c] = src[(c * h + y) * wd + x];
                }
            }
        });
        return convolvePadded(padded, h, wd, w, parallel);
    }

    @Override
    public Tensor conv2dHwc(Tensor input, ConvWeights w, Parallel parallel) {
        Preload.ensure();
        if (input.rank() != 3 || input.dim(2) != w.inChannels()) {
            throw new IllegalArgumentException("conv2dHwc expects (H, W, " + w.inChannels() + ") input, got " + input);
        }
        if (Winograd.takes(w)) {
            Tensor out = Tensor.zeros(input.dim(0), input.dim(1), w.outChannels());
            WINOGRAD.convolve(ChannelSlice.of(input), WINOGRAD.pack(w, parallel), Activation.NONE, ChannelSlice.of(out), parallel);
            return out;
        }
        if (Winograd.takesPadded(w)) {
            return paddedWinograd(input, w, parallel);
        }
        int cin = w.inChannels();
        int h = input.dim(0);
        int wd = input.dim(1);
        int pad = w.kernelSize() / 2;
        int pw = wd + 2 * pad;
        float[] padded = paddedInput(h, wd, w);
        float[] src = input.data();
        parallel.forEach(h, y -> System.arraycopy(src, y * wd * cin, padded, ((y + pad) * pw + pad) * cin, wd * cin));
        return convolvePadded(padded, h, wd, w, parallel);
    }

    @Override
    public void conv2d(ChannelSlice input, ConvWeights w, Activation activation, ChannelSlice output,
            Parallel parallel) {
        Preload.ensure();
        Kernels.requireSlices(input, w, output);
        if (Winograd.takes(w)) {
            WINOGRAD.convolve(input, WINOGRAD.pack(w, parallel), activation, output, parallel);
        } else if (w.kernelSize() == 1) {
            pointwise(input, w, activation, output, parallel);
        } else {
            Kernels.super.conv2d(input, w, activation, output, parallel);
        }
    }

    /**
     * Winograd on channels padded with zeros to whole vectors: the input copied into a wider buffer,
     * the output's real channels copied out. The padding's products are zeros and never reach them.
     */
    private Tensor paddedWinograd(Tensor input, ConvWeights w, Parallel parallel) {
        ConvWeights p = Winograd.padded(w);
        int h = input.dim(0);
        int wd = input.dim(1);
        ChannelSlice in = ChannelSlice.of(Tensor.zeros(h, wd, p.inChannels()));
        in.channels(0, w.inChannels()).write(input, Activation.NONE, parallel);
        ChannelSlice out = ChannelSlice.of(Tensor.zeros(h, wd, p.outChannels()));
        WINOGRAD.convolve(in, WINOGRAD.pack(p, parallel), Activation.NONE, out, parallel);
        return out.channels(0, w.outChannels()).copy(parallel);
    }

    /** Whether a convolution on these kernels runs as Winograd (so rounds differently from the direct one). */
    static boolean winograd(ConvWeights w) {
        return Winograd.takes(w) || Winograd.takesPadded(w);
    }

    /** A 1x1 convolution: one GEMM per image row, reading and writing the slices in place. */
    private void pointwise(ChannelSlice input, ConvWeights w, Activation activation, ChannelSlice output,
            Parallel parallel) {
        PackedPanels panels = convPanels(w)[0];
        float[] bias = w.bias();
        float[] out = output.data();
        int cout = w.outChannels();
        parallel.forEach(input.h(), y -> {
            Sgemm.multiply(input.data(), input.at(y, 0), input.stride(), input.w(), panels, bias, out,
                    output.at(y, 0), output.stride());
            if (activation == Activation.RELU) {
                Sgemm.relu(out, output.at(y, 0), output.stride(), input.w(), cout);
            } else if (activation == Activation.LEAKY_RELU_0_2) {
                for (int x = 0; x < input.w(); x++) {
                    int o = output.at(y, x);
                    for (int c = 0; c < cout; c++) {
                        out[o + c] = activation.apply(out[o + c]);
                    }
                }
            }
        });
    }

    /**
     * A zeroed NHWC buffer with a border of k/2 pixels for an h x wd input: once the pixels are
     * copied in, every tap of every output pixel is a plain load.
     */
    private static float[] paddedInput(int h, int wd, ConvWeights w) {
        int pad = w.kernelSize() / 2;
        return new float[(h + 2 * pad) * (wd + 2 * pad) * w.inChannels()];
    }

    /** The convolution of a {@link #paddedInput}, (H, W, out): one GEMM per output row and kernel row. */
    private Tensor convolvePadded(float[] padded, int h, int wd, ConvWeights w, Parallel parallel) {
        int cin = w.inChannels();
        int cout = w.outChannels();
        int k = w.kernelSize();
        int pw = wd + 2 * (k / 2);
        PackedPanels[] kernelRows = convPanels(w);
        float[] nhwc = new float[h * wd * cout];
        float[] bias = w.bias();
        parallel.forEach(h, y -> { // output rows are independent
            int rowOut = y * wd * cout;
            for (int ky = 0; ky < k; ky++) {
                Sgemm.multiply(padded, (y + ky) * pw * cin, cin, wd, kernelRows[ky], ky == 0 ? bias : null,
                        nhwc, rowOut, cout);
            }
        });
        return Tensor.of(nhwc, h, wd, cout);
    }

    @Override
    public void fourierFeatures(float[] freq, float[] coef, int src, int half, float relY, float relX, float weight,
            float[] work, float[] out, int dst) {
        VectorMath.fourierFeatures(freq, coef, src, half, relY, relX, weight, work, out, dst);
    }

    @Override
    public void cosSin(float[] arg, int argOff, int n, float[] cos, int cosOff, float[] sin, int sinOff) {
        VectorMath.cosSin(arg, argOff, n, cos, cosOff, sin, sinOff);
    }

    @Override
    public void flowScales(float[] in, int off, int n, float[] out, int outOff) {
        VectorMath.flowScales(in, off, n, out, outOff);
    }

    @Override
    public void layerNorm(float[] in, int inOff, float[] out, int outOff, int tokens, float[] weight, float[] bias) {
        VectorMath.layerNorm(in, inOff, out, outOff, tokens, weight, bias);
    }

    @Override
    public void gelu(float[] a, int off, int n) {
        VectorGelu.apply(a, off, n);
    }

    @Override
    public void softmax(float[] a, int off, int n) {
        VectorMath.softmax(a, off, n);
    }

    @Override
    public void softmax(float[] a, int off, int n, float[] b, int bOff, float[] c, int cOff) {
        VectorMath.softmax(a, off, n, b, bOff, c, cOff);
    }

    @Override
    public void scale(float[] in, int inOff, int n, float factor, float[] out, int outOff) {
        VectorMath.scale(in, inOff, n, factor, out, outOff);
    }

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, int m, int n, int k, float[] out, int outOff) {
        MatrixProducts.multiply(a, aOff, b, bOff, m, n, k, out, outOff);
    }

    @Override
    public void matmulTransposed(float[] a, int aOff, float[] b, int bOff, int m, int n, int k, float[] out,
            int outOff) {
        MatrixProducts.multiplyTransposed(a, aOff, b, bOff, m, n, k, out, outOff);
    }
}
