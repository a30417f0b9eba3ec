package dev.linf.weights.arch;

import dev.linf.encoder.swin.LayerNorm;
import dev.linf.encoder.swin.SwinBlock;
import dev.linf.encoder.swin.SwinIr;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.DenseLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * SwinIR encoder tensors: stage and block counts from the indices of
 * {@code encoder.layers.L.residual_group.blocks.b}, embed_dim from conv_first, heads and window
 * size from the relative position bias table ((2 ws - 1)^2 x heads), the MLP width from fc1.
 * The stored {@code relative_position_index} must be Swin's standard one (it is checked, then
 * recomputed); the stored {@code attn_mask} buffers are for 48x48 inputs and are ignored, the mask
 * being recomputed for the actual size.
 */
final class SwinIrLayout {
    private SwinIrLayout() {
    }

    static boolean matches(TensorSet t) {
        return t.has("encoder.conv_first.weight") && t.has("encoder.patch_embed.norm.weight");
    }

    static SwinIr build(TensorSet t) {
        int dim = t.size("encoder.conv_first.weight", 0, 4);
        ConvWeights first = t.conv("encoder.conv_first", dim, 3, 3);
        LayerNorm embedNorm = norm(t, "encoder.patch_embed.norm", dim);
        List<SwinIr.Stage> stages = new ArrayList<>();
        while (t.has("encoder.layers." + stages.size() + ".conv.weight")) {
            String stage = "encoder.layers." + stages.size();
            List<SwinBlock> blocks = new ArrayList<>();
            while (t.has(stage + ".residual_group.blocks." + blocks.size() + ".norm1.weight")) {
                blocks.add(block(t, stage + ".residual_group.blocks." + blocks.size() + ".", dim, blocks.size()));
            }
            if (blocks.isEmpty()) {
                throw t.fail("tensor " + stage + ".residual_group.blocks.0.norm1.weight is missing");
            }
            stages.add(new SwinIr.Stage(blocks, t.conv(stage + ".conv", dim, dim, 3)));
        }
        if (stages.isEmpty()) {
            throw t.fail("tensor encoder.layers.0.conv.weight is missing");
        }
        LayerNorm norm = norm(t, "encoder.norm", dim);
        ConvWeights afterBody = t.conv("encoder.conv_after_body", dim, dim, 3);
        int out = t.size("encoder.conv_before_upsample.0.weight", 0, 4);
        ConvWeights beforeUpsample = t.conv("encoder.conv_before_upsample.0", out, dim, 3);
        return new SwinIr(first, embedNorm, stages, norm, afterBody, beforeUpsample);
    }

    private static SwinBlock block(TensorSet t, String p, int dim, int index) {
        String tableName = p + "attn.relative_position_bias_table";
        int entries = t.size(tableName, 0, 2);
        int heads = t.size(tableName, 1, 2);
        int span = (int) Math.round(Math.sqrt(entries));
        if (span * span != entries || span % 2 == 0) {
            throw t.fail("tensor " + p + "attn.relative_position_bias_table has a shape that is not"
                    + " ((2 ws - 1)^2, heads)");
        }
        int ws = (span + 1) / 2;
        float[] bias = t.take(p + "attn.relative_position_bias_table", span * span, heads).data();
        if (t.has(p + "attn.relative_position_index")) {
            checkIndex(t, p + "attn.relative_position_index", ws);
        }
        t.ignore(p + "attn_mask");
        int hidden = t.size(p + "mlp.fc1.weight", 0, 2);
        return new SwinBlock(norm(t, p + "norm1", dim), linear(t, p + "attn.qkv", 3 * dim, dim),
                linear(t, p + "attn.proj", dim, dim), bias, heads, ws, index % 2 == 0 ? 0 : ws / 2,
                norm(t, p + "norm2", dim), linear(t, p + "mlp.fc1", hidden, dim), linear(t, p + "mlp.fc2", dim, hidden));
    }

    /** The stored index must be Swin's: ((dy + ws - 1) * (2 ws - 1) + dx + ws - 1). */
    private static void checkIndex(TensorSet t, String name, int ws) {
        int n = ws * ws;
        float[] index = t.take(name, n, n).data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int expected = (i / ws - j / ws + ws - 1) * (2 * ws - 1) + (i % ws - j % ws + ws - 1);
                if (index[i * n + j] != expected) {
                    throw t.fail("tensor " + name + " is not the standard Swin relative position index (entry "
                            + i + "," + j + " is " + index[i * n + j] + ", expected " + expected + ")");
                }
            }
        }
    }

    private static LayerNorm norm(TensorSet t, String p, int dim) {
        return new LayerNorm(t.take(p + ".weight", dim).data(), t.take(p + ".bias", dim).data());
    }

    private static DenseLayer linear(TensorSet t, String p, int out, int in) {
        return DenseLayer.of(in, out, t.take(p + ".weight", out, in).data(), t.take(p + ".bias", out).data());
    }
}
