package dev.linf.kernels;

import dev.linf.tensor.Tensor;

/**
 * Plain-Java kernels: simple loops, float32 arithmetic in a fixed order. They are the oracle that
 * faster kernels are tested against, so clarity wins over speed. The loops are arranged so that the
 * innermost one runs over contiguous memory with no reduction, which C2 can vectorise on its own.
 */
public final class ReferenceKernels implements Kernels {
    /** The one instance. */
    public static final ReferenceKernels INSTANCE = new ReferenceKernels();

    private ReferenceKernels() {
    }

    @Override
    public String name() {
        return "scalar reference";
    }

    @Override
    public Tensor conv2d(Tensor input, ConvWeights w, Parallel parallel) {
        if (input.rank() != 3 || input.dim(0) != w.inChannels()) {
            throw new IllegalArgumentException("conv2d expects (" + w.inChannels() + ", H, W) input, got " + input);
        }
        int h = input.dim(1);
        int wd = input.dim(2);
        int k = w.kernelSize();
        int pad = k / 2;
        int plane = h * wd;
        float[] in = input.data();
        float[] wt = w.weights();
        Tensor output = Tensor.zeros(w.outChannels(), h, wd);
        float[] out = output.data();
        parallel.forEach(w.outChannels(), o -> { // output channels are independent
            int outBase = o * plane;
            java.util.Arrays.fill(out, outBase, outBase + plane, w.biases()[o]);
            for (int c = 0; c < w.inChannels(); c++) {
                int inBase = c * plane;
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        float weight = wt[((o * w.inChannels() + c) * k + i) * k + j];
                        int dy = i - pad;
                        int dx = j - pad;
                        // Output columns whose source column x + dx lies inside the image.
                        int x0 = Math.max(0, -dx);
                        int x1 = Math.min(wd, wd - dx);
                        for (int y = Math.max(0, -dy); y < Math.min(h, h - dy); y++) {
                            int src = inBase + (y + dy) * wd + dx;
                            int dst = outBase + y * wd;
                            for (int x = x0; x < x1; x++) {
                                out[dst + x] += weight * in[src + x];
                            }
                        }
                    }
                }
            }
        });
        return output;
    }

    @Override
    public void cosSin(float[] arg, int argOff, int n, float[] cos, int cosOff, float[] sin, int sinOff) {
        for (int i = 0; i < n; i++) {
            cos[cosOff + i] = (float) Math.cos(arg[argOff + i]);
            sin[sinOff + i] = (float) Math.sin(arg[argOff + i]);
        }
    }

    @Override
    public void dense(float[] in, int inOff, int rows, DenseLayer layer, float[] out, int outOff, boolean relu) {
        int nIn = layer.inFeatures();
        int nOut = layer.outFeatures();
        if (in.length < inOff + (long) rows * nIn || out.length < outOff + (long) rows * nOut) {
            throw new IllegalArgumentException("dense: buffers too small for " + rows + " rows");
        }
        float[] wT = layer.transposed();
        for (int r = 0; r < rows; r++) {
            int dst = outOff + r * nOut;
            System.arraycopy(layer.biases(), 0, out, dst, nOut);
            for (int i = 0; i < nIn; i++) {
                float a = in[inOff + r * nIn + i];
                if (a == 0f) {
                    continue; // adds nothing (the inputs are finite); common after ReLU
                }
                int src = i * nOut;
                for (int o = 0; o < nOut; o++) {
                    out[dst + o] += a * wT[src + o];
                }
            }
            if (relu) {
                for (int o = 0; o < nOut; o++) {
                    out[dst + o] = Math.max(out[dst + o], 0f);
                }
            }
        }
    }
}
