package dev.linf.weights.arch;

import dev.linf.encoder.EdsrBaseline;
import dev.linf.kernels.ConvWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * EDSR-baseline encoder tensors ({@code encoder.head.0}, {@code encoder.body.i.body.{0,2}},
 * {@code encoder.body.n}); block count and width are read from the names and shapes.
 */
final class EdsrBaselineLayout {
    private EdsrBaselineLayout() {
    }

    static boolean matches(TensorSet t) {
        return t.has("encoder.head.0.weight") && t.has("encoder.body.0.body.0.weight");
    }

    static EdsrBaseline build(TensorSet t) {
        int width = t.size("encoder.head.0.weight", 0, 4);
        ConvWeights head = t.conv("encoder.head.0", width, 3, 3);
        List<EdsrBaseline.ResBlock> blocks = new ArrayList<>();
        while (t.has("encoder.body." + blocks.size() + ".body.0.weight")) {
            String p = "encoder.body." + blocks.size() + ".body.";
            blocks.add(new EdsrBaseline.ResBlock(t.conv(p + "0", width, width, 3), t.conv(p + "2", width, width, 3)));
        }
        ConvWeights tail = t.conv("encoder.body." + blocks.size(), width, width, 3);
        // MeanShift layers: present in the state dict, commented out of the official forward pass.
        for (String name : List.of("sub_mean", "add_mean")) {
            if (t.has("encoder." + name + ".weight")) {
                t.take("encoder." + name + ".weight", 3, 3, 1, 1);
                t.take("encoder." + name + ".bias", 3);
            }
        }
        return new EdsrBaseline(head, blocks, tail);
    }
}
