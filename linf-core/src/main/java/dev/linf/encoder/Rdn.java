package dev.linf.encoder;

import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * RDN without upsampler (spec section 3.2): two shallow convs, D residual dense blocks (C
 * conv-ReLU layers, each concatenated after its input as [old, new], a 1x1 local fusion and a
 * skip), then global fusion of every block's output (1x1 then 3x3) plus the first conv's output.
 */
public final class Rdn extends ConvEncoder {

    /** One residual dense block: its growth convs and the 1x1 local feature fusion. */
    public record DenseBlock(List<ConvWeights> convs, ConvWeights fusion) {
        public DenseBlock {
            convs = List.copyOf(convs);
        }
    }

    private final ConvWeights sfe1;
    private final ConvWeights sfe2;
    private final List<DenseBlock> blocks;
    private final ConvWeights gff1x1;
    private final ConvWeights gff3x3;

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

    public int blockCount() {
        return blocks.size();
    }

    public int layersPerBlock() {
        return blocks.getFirst().convs().size();
    }

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
        Tensor f1 = kernels.conv2d(inp, sfe1, parallel);
        Tensor x = kernels.conv2d(f1, sfe2, parallel);
        List<Tensor> outputs = new ArrayList<>();
        for (DenseBlock b : blocks) {
            Tensor t = x;
            for (ConvWeights c : b.convs()) {
                t = Layers.concat(List.of(t, Layers.relu(kernels.conv2d(t, c, parallel))));
            }
            x = Layers.add(kernels.conv2d(t, b.fusion(), parallel), x);
            outputs.add(x);
        }
        Tensor fused = kernels.conv2d(kernels.conv2d(Layers.concat(outputs), gff1x1, parallel), gff3x3, parallel);
        return Layers.add(fused, f1);
    }
}
