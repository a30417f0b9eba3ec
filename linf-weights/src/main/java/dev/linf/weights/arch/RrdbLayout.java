package dev.linf.weights.arch;

import dev.linf.encoder.Rrdb;
import dev.linf.kernels.ConvWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * RRDB encoder tensors ({@code encoder.conv_first}, {@code encoder.RRDB_trunk.i.RDB{1,2,3}.conv1..5},
 * {@code encoder.trunk_conv}): block count nb from the indices, nf and gc from the shapes. The
 * upsampler's tensors (upconv1/2, HRconv, conv_last) are accepted and ignored, as the official code
 * never runs them without upsampling.
 */
final class RrdbLayout {
    private RrdbLayout() {
    }

    static boolean matches(TensorSet t) {
        return t.has("encoder.conv_first.weight") && t.has("encoder.RRDB_trunk.0.RDB1.conv1.weight");
    }

    static Rrdb build(TensorSet t) {
        int nf = t.size("encoder.conv_first.weight", 0, 4);
        int gc = t.size("encoder.RRDB_trunk.0.RDB1.conv1.weight", 0, 4);
        ConvWeights first = t.conv("encoder.conv_first", nf, 3, 3);
        List<Rrdb.Block> trunk = new ArrayList<>();
        while (t.has("encoder.RRDB_trunk." + trunk.size() + ".RDB1.conv1.weight")) {
            List<Rrdb.DenseBlock> dense = new ArrayList<>();
            for (int r = 1; r <= 3; r++) {
                String p = "encoder.RRDB_trunk." + trunk.size() + ".RDB" + r + ".conv";
                List<ConvWeights> convs = new ArrayList<>();
                for (int c = 1; c <= 4; c++) {
                    convs.add(t.conv(p + c, gc, nf + (c - 1) * gc, 3));
                }
                convs.add(t.conv(p + 5, nf, nf + 4 * gc, 3));
                dense.add(new Rrdb.DenseBlock(convs));
            }
            trunk.add(new Rrdb.Block(dense));
        }
        ConvWeights trunkConv = t.conv("encoder.trunk_conv", nf, nf, 3);
        for (String unused : List.of("upconv1", "upconv2", "HRconv", "conv_last")) {
            t.ignore("encoder." + unused + ".weight");
            t.ignore("encoder." + unused + ".bias");
        }
        return new Rrdb(first, trunk, trunkConv);
    }
}
