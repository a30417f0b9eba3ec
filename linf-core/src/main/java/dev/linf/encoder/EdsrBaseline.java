package dev.linf.encoder;

import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.kernels.PixelMajor;
import dev.linf.tensor.Tensor;
import java.util.List;

/**
 * EDSR-baseline without upsampler (spec section 3.1): a head conv, residual blocks
 * {@code y + conv(relu(conv(y)))} with res_scale 1, a body conv, and a global skip from the head.
 * The MeanShift layers of the checkpoint are unused by the official code and are not kept.
 */
public final class EdsrBaseline extends ConvEncoder {

    /**
     * One residual block: conv, ReLU, conv.
     *
     * @param first the first 3x3 convolution (followed by ReLU)
     * @param second the second 3x3 convolution
     */
    public record ResBlock(ConvWeights first, ConvWeights second) {
    }

    private final ConvWeights head;
    private final List<ResBlock> blocks;
    private final ConvWeights bodyTail;

    /**
     * An encoder from its weights.
     *
     * @param head the 3x3 head convolution
     * @param blocks the residual blocks
     * @param bodyTail the convolution closing the body
     */
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

    /**
     * The number of residual blocks.
     *
     * @return the count
     */
    public int blockCount() {
        return blocks.size();
    }

    @Override
    List<ConvWeights> convs() {
        List<ConvWeights> all = new java.util.ArrayList<>(List.of(head, bodyTail));
        for (ResBlock b : blocks) {
            all.add(b.first());
            all.add(b.second());
        }
        return all;
    }

    /**
     * Runs pixel-major (H, W, C) from the head to the tail (ReLU and the residual additions are
     * element-wise, so the layout does not change them) and hands back (C, H, W).
     */
    @Override
    public Tensor encode(Tensor inp, Kernels kernels, Parallel parallel) {
        Tensor x0 = kernels.conv2dHwc(PixelMajor.fromChw(inp, parallel), head, parallel);
        Tensor y = x0;
        for (ResBlock b : blocks) {
            Tensor t = kernels.conv2dHwc(y, b.first(), parallel);
            t = kernels.conv2dHwc(Layers.relu(t), b.second(), parallel);
            y = Layers.add(t, y);
        }
        Tensor feat = kernels.conv2dHwc(y, bodyTail, parallel);
        return PixelMajor.toChw(Layers.add(feat, x0), parallel);
    }
}
