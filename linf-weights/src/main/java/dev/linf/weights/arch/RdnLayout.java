package dev.linf.weights.arch;

import dev.linf.encoder.Rdn;
import dev.linf.kernels.ConvWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * RDN encoder tensors ({@code encoder.SFENet1/2}, {@code encoder.RDBs.d.convs.c.conv.0},
 * {@code encoder.RDBs.d.LFF}, {@code encoder.GFF.0/1}): block count D and layer count C from the
 * indices present, widths G0 and G from the shapes.
 */
final class RdnLayout {
    private RdnLayout() {
    }

    static boolean matches(TensorSet t) {
        return t.has("encoder.SFENet1.weight");
    }

    static Rdn build(TensorSet t) {
        int g0 = t.size("encoder.SFENet1.weight", 0, 4);
        int k = t.size("encoder.SFENet1.weight", 2, 4);
        ConvWeights sfe1 = t.conv("encoder.SFENet1", g0, 3, k);
        ConvWeights sfe2 = t.conv("encoder.SFENet2", g0, g0, k);
        if (!t.has("encoder.RDBs.0.convs.0.conv.0.weight")) {
            throw t.fail("tensor encoder.RDBs.0.convs.0.conv.0.weight is missing");
        }
        int growth = t.size("encoder.RDBs.0.convs.0.conv.0.weight", 0, 4);
        int layers = 0;
        while (t.has("encoder.RDBs.0.convs." + layers + ".conv.0.weight")) {
            layers++;
        }
        List<Rdn.DenseBlock> blocks = new ArrayList<>();
        while (t.has("encoder.RDBs." + blocks.size() + ".LFF.weight")) {
            String p = "encoder.RDBs." + blocks.size() + ".";
            List<ConvWeights> convs = new ArrayList<>();
            for (int c = 0; c < layers; c++) {
                convs.add(t.conv(p + "convs." + c + ".conv.0", growth, g0 + c * growth, k));
            }
            if (t.has(p + "convs." + layers + ".conv.0.weight")) {
                throw t.fail("dense block " + blocks.size() + " has more layers than block 0 (" + layers + ")");
            }
            blocks.add(new Rdn.DenseBlock(convs, t.conv(p + "LFF", g0, g0 + layers * growth, 1)));
        }
        if (blocks.isEmpty()) {
            throw t.fail("tensor encoder.RDBs.0.LFF.weight is missing");
        }
        ConvWeights gff1x1 = t.conv("encoder.GFF.0", g0, blocks.size() * g0, 1);
        ConvWeights gff3x3 = t.conv("encoder.GFF.1", g0, g0, k);
        return new Rdn(sfe1, sfe2, blocks, gff1x1, gff3x3);
    }
}
