package dev.linf.weights;

import dev.linf.tensor.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a checkpoint by name, in file order, with the model spec and the file they came
 * from. Integer tensors (SwinIR's index buffer) are converted to float; they hold small values.
 */
public record StateDict(Path file, ModelSpec spec, Map<String, Tensor> tensors) {
    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public Tensor get(String name) {
        return tensors.get(name);
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }
}
