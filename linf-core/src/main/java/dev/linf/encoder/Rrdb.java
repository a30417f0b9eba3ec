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
 * RRDB (ESRGAN's trunk) without upsampler (spec section 3.4): a first conv, residual-in-residual
 * dense blocks of three 5-conv dense blocks with LeakyReLU(0.2) and 0.2 residual scalings, and a
 * trunk conv added to the first conv's output.
 */
public final class Rrdb extends ConvEncoder {
    private static final float RESIDUAL_SCALE = 0.2f;

    /**
     * ResidualDenseBlock_5C: conv1..conv5 on the growing concatenation.
     *
     * @param convs its five 3x3 convolutions
     */
    public record DenseBlock(List<ConvWeights> convs) {
        /** Checks that there are five convolutions. */
        public DenseBlock {
            if (convs.size() != 5) {
                throw new IllegalArgumentException("an RRDB dense block has 5 convs, got " + convs.size());
            }
            convs = List.copyOf(convs);
        }
    }

    /**
     * One residual-in-residual block: three dense blocks.
     *
     * @param dense its three dense blocks
     */
    public record Block(List<DenseBlock> dense) {
        /** Checks that there are three dense blocks. */
        public Block {
            if (dense.size() != 3) {
                throw new IllegalArgumentException("an RRDB block has 3 dense blocks, got " + dense.size());
            }
            dense = List.copyOf(dense);
        }
    }

    private final ConvWeights first;
    private final List<Block> trunk;
    private final ConvWeights trunkConv;

    /**
     * An encoder from its weights.
     *
     * @param first the first convolution
     * @param trunk the RRDB blocks
     * @param trunkConv the convolution closing the trunk
     */
    public Rrdb(ConvWeights first, List<Block> trunk, ConvWeights trunkConv) {
        this.first = first;
        this.trunk = List.copyOf(trunk);
        this.trunkConv = trunkConv;
    }

    @Override
    public String name() {
        return "rrdb";
    }

    /**
     * The number of RRDB blocks.
     *
     * @return the count
     */
    public int blockCount() {
        return trunk.size();
    }

    /**
     * Channels each dense convolution adds.
     *
     * @return the count
     */
    public int growthChannels() {
        return trunk.isEmpty() ? 0 : trunk.getFirst().dense().getFirst().convs().getFirst().outChannels();
    }

    @Override
    public int outChannels() {
        return trunkConv.outChannels();
    }

    @Override
    List<ConvWeights> convs() {
        List<ConvWeights> all = new ArrayList<>(List.of(first, trunkConv));
        for (Block b : trunk) {
            for (DenseBlock d : b.dense()) {
                all.addAll(d.convs());
            }
        }
        return all;
    }

    @Override
    public Tensor encode(Tensor inp, Kernels kernels, Parallel parallel) {
        // Pixel-major (H, W, C) from the first convolution to the last: no transposes between layers.
        Tensor fea = kernels.conv2dHwc(PixelMajor.fromChw(inp, parallel), first, parallel);
        Tensor t = fea;
        if (!trunk.isEmpty()) {
            // One buffer holds each dense block's growing concatenation: x, then x1..x4.
            int width = trunk.getFirst().dense().getFirst().convs().get(4).inChannels();
            ChannelSlice concat = ChannelSlice.of(Tensor.zeros(fea.dim(0), fea.dim(1), width));
            for (Block b : trunk) {
                Tensor s = t;
                for (DenseBlock d : b.dense()) {
                    t = dense(t, d, concat, kernels, parallel);
                }
                t = Layers.scaleAdd(t, RESIDUAL_SCALE, s); // t is a new tensor: the dense blocks made it
            }
        }
        return PixelMajor.toChw(Layers.add(kernels.conv2dHwc(t, trunkConv, parallel), fea), parallel);
    }

    /**
     * {@code x5 * 0.2 + x} with x1..x4 LeakyReLU'd convs of the growing concatenation, each written
     * into its channels of {@code concat}.
     */
    private static Tensor dense(Tensor x, DenseBlock d, ChannelSlice concat, Kernels kernels, Parallel parallel) {
        int c0 = x.dim(2);
        concat.channels(0, c0).write(x, Activation.NONE, parallel);
        int c = c0;
        for (int i = 0; i < 4; i++) {
            ConvWeights conv = d.convs().get(i);
            kernels.conv2d(concat.channels(0, c), conv, Activation.LEAKY_RELU_0_2,
                    concat.channels(c, conv.outChannels()), parallel);
            c += conv.outChannels();
        }
        ConvWeights last = d.convs().get(4);
        Tensor x5 = Tensor.zeros(x.dim(0), x.dim(1), last.outChannels());
        kernels.conv2d(concat.channels(0, c), last, Activation.NONE, ChannelSlice.of(x5), parallel);
        return Layers.scaleAdd(x5, RESIDUAL_SCALE, x);
    }
}
