package dev.linf.encoder;

import dev.linf.kernels.Activation;
import dev.linf.kernels.ChannelSlice;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.kernels.PixelMajor;
import dev.linf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * RDN without upsampler (spec section 3.2): two shallow convs, D residual dense blocks (C
 * conv-ReLU layers, each concatenated after its input as [old, new], a 1x1 local fusion and a
 * skip), then global fusion of every block's output (1x1 then 3x3) plus the first conv's output.
 */
public final class Rdn extends ConvEncoder {

    /**
     * One residual dense block: its growth convs and the 1x1 local feature fusion.
     *
     * @param convs its 3x3 convolutions, each adding growth-rate channels
     * @param fusion the 1x1 local feature fusion
     */
    public record DenseBlock(List<ConvWeights> convs, ConvWeights fusion) {
        /** Copies the list. */
        public DenseBlock {
            convs = List.copyOf(convs);
        }
    }

    private final ConvWeights sfe1;
    private final ConvWeights sfe2;
    private final List<DenseBlock> blocks;
    private final ConvWeights gff1x1;
    private final ConvWeights gff3x3;

    /**
     * An encoder from its weights.
     *
     * @param sfe1 the first shallow-feature convolution
     * @param sfe2 the second shallow-feature convolution
     * @param blocks the residual dense blocks
     * @param gff1x1 the global 1x1 fusion
     * @param gff3x3 the global 3x3 fusion
     */
    public Rdn(ConvWeights sfe1, ConvWeights sfe2, List<DenseBlock> blocks, ConvWeights gff1x1, ConvWeights gff3x3) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("RDN needs at least one dense block");
        }
        this.sfe1 = sfe1;
        this.sfe2 = sfe2;
        this.blocks = List.copyOf(blocks);
        this.gff1x1 = gff1x1;
        this.gff3x3 = gff3x3;
    }

    @Override
    public String name() {
        return "rdn";
    }

    /**
     * The number of residual dense blocks.
     *
     * @return the count
     */
    public int blockCount() {
        return blocks.size();
    }

    /**
     * Convolutions per dense block.
     *
     * @return the count
     */
    public int layersPerBlock() {
        return blocks.getFirst().convs().size();
    }

    /**
     * Channels each convolution of a dense block adds.
     *
     * @return the count
     */
    public int growthRate() {
        return blocks.getFirst().convs().getFirst().outChannels();
    }

    @Override
    public int outChannels() {
        return gff3x3.outChannels();
    }

    @Override
    List<ConvWeights> convs() {
        List<ConvWeights> all = new ArrayList<>(List.of(sfe1, sfe2, gff1x1, gff3x3));
        for (DenseBlock b : blocks) {
            all.addAll(b.convs());
            all.add(b.fusion());
        }
        return all;
    }

    @Override
    public Tensor encode(Tensor inp, Kernels kernels, Parallel parallel) {
        // Pixel-major (H, W, C) from the first convolution to the last: no transposes between layers.
        Tensor f1 = kernels.conv2dHwc(PixelMajor.fromChw(inp, parallel), sfe1, parallel);
        Tensor x = kernels.conv2dHwc(f1, sfe2, parallel);
        int h = x.dim(0);
        int w = x.dim(1);
        // The block outputs' concatenation, and one block's growing concatenation (x, then each conv's
        // ReLU'd output): the convolutions read and write their channels in place.
        ChannelSlice outputs = ChannelSlice.of(Tensor.zeros(h, w, gff1x1.inChannels()));
        ChannelSlice concat = ChannelSlice.of(Tensor.zeros(h, w, blocks.getFirst().fusion().inChannels()));
        int at = 0;
        for (DenseBlock b : blocks) {
            concat.channels(0, x.dim(2)).write(x, Activation.NONE, parallel);
            int c = x.dim(2);
            for (ConvWeights conv : b.convs()) {
                kernels.conv2d(concat.channels(0, c), conv, Activation.RELU, concat.channels(c, conv.outChannels()),
                        parallel);
                c += conv.outChannels();
            }
            Tensor fused = Tensor.zeros(h, w, b.fusion().outChannels());
            kernels.conv2d(concat.channels(0, c), b.fusion(), Activation.NONE, ChannelSlice.of(fused), parallel);
            x = Layers.add(fused, x);
            outputs.channels(at, x.dim(2)).write(x, Activation.NONE, parallel);
            at += x.dim(2);
        }
        Tensor global = Tensor.zeros(h, w, gff1x1.outChannels());
        kernels.conv2d(outputs, gff1x1, Activation.NONE, ChannelSlice.of(global), parallel);
        return PixelMajor.toChw(Layers.add(kernels.conv2dHwc(global, gff3x3, parallel), f1), parallel);
    }
}
