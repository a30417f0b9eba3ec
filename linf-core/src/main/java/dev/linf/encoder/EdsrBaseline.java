package dev.linf.encoder;

import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.tensor.Tensor;
import java.util.List;

/**
 * EDSR-baseline without upsampler (spec section 3.1): a head conv, residual blocks
 * {@code y + conv(relu(conv(y)))} with res_scale 1, a body conv, and a global skip from the head.
 * The MeanShift layers of the checkpoint are unused by the official code and are not kept.
 */
public final class EdsrBaseline implements Encoder {

    /** One residual block: conv, ReLU, conv. */
    public record ResBlock(ConvWeights first, ConvWeights second) {
    }

    private final ConvWeights head;
    private final List<ResBlock> blocks;
    private final ConvWeights bodyTail;

    public EdsrBaseline(ConvWeights head, List<ResBlock> blocks, ConvWeights bodyTail) {
        this.head = head;
        this.blocks = List.copyOf(blocks);
        this.bodyTail = bodyTail;
    }

    @Override
    public String name() {
        return "edsr-baseline";
    }

    @Override
    public int outChannels() {
        return bodyTail.outChannels();
    }

    public int blockCount() {
        return blocks.size();
    }

    @Override
    public long parameterCount() {
        long n = head.parameterCount() + bodyTail.parameterCount();
        for (ResBlock b : blocks) {
            n += b.first().parameterCount() + b.second().parameterCount();
        }
        return n;
    }

    @Override
    public long macsPerPixel() {
        long n = macs(head) + macs(bodyTail);
        for (ResBlock b : blocks) {
            n += macs(b.first()) + macs(b.second());
        }
        return n;
    }

    @Override
    public int receptiveRadius() {
        int r = head.kernelSize() / 2 + bodyTail.kernelSize() / 2;
        for (ResBlock b : blocks) {
            r += b.first().kernelSize() / 2 + b.second().kernelSize() / 2;
        }
        return r;
    }

    private static long macs(ConvWeights c) {
        return (long) c.outChannels() * c.inChannels() * c.kernelSize() * c.kernelSize();
    }

    @Override
    public Tensor encode(Tensor inp, Kernels kernels, Parallel parallel) {
        Tensor x0 = kernels.conv2d(inp, head, parallel);
        Tensor y = x0;
        for (ResBlock b : blocks) {
            Tensor t = kernels.conv2d(y, b.first(), parallel);
            relu(t);
            t = kernels.conv2d(t, b.second(), parallel);
            add(t, y);
            y = t;
        }
        Tensor feat = kernels.conv2d(y, bodyTail, parallel);
        add(feat, x0);
        return feat;
    }

    private static void relu(Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(d[i], 0f);
        }
    }

    /** {@code acc += other}, element-wise. */
    private static void add(Tensor acc, Tensor other) {
        float[] a = acc.data();
        float[] b = other.data();
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }
}
