package dev.linf.weights;

import dev.linf.tensor.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a checkpoint by name, in file order, with the model spec and the file they came
 * from. Integer tensors (SwinIR's index buffer) are converted to float; they hold small values.
 *
 * @param file where it was read from
 * @param spec the model spec stored beside the weights, if any
 * @param tensors the tensors by name, in file order
 * @param metadata a safetensors file's {@code __metadata__} strings (empty for .pth files)
 */
public record StateDict(Path file, ModelSpec spec, Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** Copies the maps, keeping the file order. */
    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * A state dict without metadata.
     *
     * @param file where it was read from
     * @param spec the model spec stored beside the weights, if any
     * @param tensors the tensors by name, in file order
     */
    public StateDict(Path file, ModelSpec spec, Map<String, Tensor> tensors) {
        this(file, spec, tensors, Map.of());
    }

    /**
     * A tensor by name.
     *
     * @param name its name
     * @return the tensor, or null when there is none
     */
    public Tensor get(String name) {
        return tensors.get(name);
    }

    /**
     * Whether a tensor is there.
     *
     * @param name its name
     * @return true when it is
     */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }
}
