package dev.linf.weights;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.linf.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every tensor of every official architecture's golden checkpoint, replaced in turn by a
 * zero-dimensional tensor, an empty one, a one-element vector and its own transpose-like
 * reshaping (same elements, dimensions reversed): building the model either succeeds (a tensor
 * the official code ignores) or fails with a {@link CheckpointException} naming the file; any
 * other exception (an index out of bounds while reading shapes) is a defect.
 */
class MisshapenTensorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"edsr-baseline", "rdn-small", "swinir-small", "rrdb-patch3-small"})
    void everyTensorMisshapenGivesACheckpointError(String model) {
        StateDict golden = Checkpoints.read(Golden.root().resolve(model).resolve("checkpoint.pth"));
        List<String> failures = new ArrayList<>();
        int refused = 0;
        for (String name : golden.tensors().keySet()) {
            Tensor original = golden.get(name);
            for (Tensor replacement : List.of(Tensor.of(new float[] {0.5f}), Tensor.of(new float[0], 0),
                    Tensor.of(new float[] {0.5f}, 1), Tensor.of(original.data().clone(), reversedShape(original)))) {
                Map<String, Tensor> tensors = new LinkedHashMap<>(golden.tensors());
                tensors.put(name, replacement);
                StateDict sd = new StateDict(golden.file(), golden.spec(), tensors);
                try {
                    ModelAssemblerAccess.assemble(sd);
                } catch (CheckpointException e) {
                    refused++;
                    assertTrue(e.getMessage().startsWith(golden.file().toString()), e.getMessage());
                } catch (RuntimeException e) {
                    failures.add(name + " as " + java.util.Arrays.toString(replacement.shape()) + ": " + e);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " misshapen tensors crashed the assembler, e.g. " + failures.subList(0,
                    Math.min(5, failures.size())));
        }
        assertTrue(refused > golden.tensors().size(), "most replacements are refused: " + refused);
    }

    private static int[] reversedShape(Tensor t) {
        int[] s = t.shape();
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }
}
