package dev.linf.bench;

import dev.linf.model.LinfModel;
import dev.linf.tensor.Tensor;
import dev.linf.weights.ModelSpec;
import dev.linf.weights.StateDict;
import dev.linf.weights.arch.ModelAssembler;
import dev.linf.weights.arch.ShapeLists;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The four official LINF architectures at full size with random weights, built from the spec's
 * key/shape lists (linf-weights' test resources {@code official/}): PyTorch's default
 * initialisation (uniform within 1/sqrt(fan-in)), LayerNorms at identity, the relative position
 * index as Swin computes it, and flow matrices near the identity so samples stay finite. Speed does
 * not depend on the values; only on the architecture, which is exactly the official one.
 */
final class OfficialModels {
    /** Architecture name to {encoder list, head list, spec name, encoder spec name}. */
    static final Map<String, List<String>> ARCHITECTURES = Map.of(
            "edsr-baseline", List.of("edsr-baseline", "head-p1", "linf", "edsr-baseline"),
            "rdn", List.of("rdn", "head-p1", "linf", "rdn"),
            "swinir", List.of("swinir", "head-p1", "linf", "swinir"),
            "rrdb-patch3", List.of("rrdb", "head-p3", "linf-patch", "rrdb"));

    private OfficialModels() {
    }

    static LinfModel build(String arch, Path lists, long seed) {
        List<String> a = ARCHITECTURES.get(arch);
        if (a == null) {
            throw new IllegalArgumentException("unknown architecture " + arch + ", use one of " + ARCHITECTURES.keySet());
        }
        Random r = new Random(seed);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (String list : List.of(a.get(0), a.get(1))) {
            try {
                ShapeLists.parse(Files.readAllLines(lists.resolve(list + ".txt")))
                        .forEach((key, shape) -> sd.put(key, tensor(key, shape, r)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the key/shape list " + list + " in " + lists, e);
            }
        }
        ModelSpec spec = new ModelSpec(a.get(2), Map.of("encoder_spec", Map.of("name", a.get(3))));
        return ModelAssembler.assemble(new StateDict(Path.of(arch + "-random.pth"), spec, sd));
    }

    private static Tensor tensor(String key, int[] shape, Random r) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        if (key.endsWith("._weight")) { // flow matrices: identity plus a little noise
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[0]; j++) {
                    d[i * shape[0] + j] = (i == j ? 1f : 0f) + (float) ((r.nextDouble() - 0.5) * 0.1 / shape[0]);
                }
            }
        } else if (key.endsWith("relative_position_index")) {
            int ws = (int) Math.round(Math.sqrt(shape[0]));
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[0]; j++) {
                    d[i * shape[0] + j] = (i / ws - j / ws + ws - 1) * (2 * ws - 1) + (i % ws - j % ws + ws - 1);
                }
            }
        } else if (key.contains("mean.weight")) { // MeanShift: identity 1x1 convolution
            for (int i = 0; i < shape[0]; i++) {
                d[i * shape[1] + i] = 1f;
            }
        } else if (key.contains("norm") && key.endsWith(".weight") && shape.length == 1) {
            java.util.Arrays.fill(d, 1f);
        } else if (key.contains("relative_position_bias_table")) {
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (r.nextGaussian() * 0.02);
            }
        } else if (!(key.contains("norm") && key.endsWith(".bias"))) {
            int fanIn = shape.length > 1 ? t.numel() / shape[0] : Math.max(1, shape[0]);
            double bound = 1 / Math.sqrt(fanIn);
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
            }
        }
        return t;
    }
}
