package dev.linf.weights.arch;

import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.DenseLayer;
import dev.linf.tensor.Tensor;
import dev.linf.weights.CheckpointException;
import dev.linf.weights.StateDict;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A state dict being turned into a model: hands out tensors by name with their expected shapes
 * and remembers which were used, so a missing, misshapen or unexpected tensor is reported by name.
 */
final class TensorSet {
    private final StateDict sd;
    private final Set<String> used = new HashSet<>();

    TensorSet(StateDict sd) {
        this.sd = sd;
    }

    boolean has(String name) {
        return sd.contains(name);
    }

    /**
     * One extent of a tensor that must have {@code rank} dimensions, each at least 1: a missing,
     * zero-dimensional or empty tensor is an error naming it, never an index out of bounds.
     */
    int size(String name, int axis, int rank) {
        Tensor t = sd.get(name);
        if (t == null) {
            throw fail("tensor " + name + " is missing");
        }
        int[] shape = t.shape();
        if (shape.length != rank) {
            throw fail("tensor " + name + " has shape " + Arrays.toString(shape) + ", expected " + rank
                    + " dimension" + (rank == 1 ? "" : "s"));
        }
        for (int d : shape) {
            if (d < 1) {
                throw fail("tensor " + name + " has shape " + Arrays.toString(shape) + ", which holds no weights");
            }
        }
        return shape[axis];
    }

    /** A tensor that must have exactly {@code shape}. */
    Tensor take(String name, int... shape) {
        Tensor t = sd.get(name);
        if (t == null) {
            throw fail("tensor " + name + " is missing (expected shape " + Arrays.toString(shape) + ")");
        }
        if (!t.hasShape(shape)) {
            throw fail("tensor " + name + " has shape " + Arrays.toString(t.shape()) + ", expected "
                    + Arrays.toString(shape));
        }
        used.add(name);
        return t;
    }

    /** Marks a tensor the official code stores but never uses (if present). */
    void ignore(String name) {
        used.add(name);
    }

    /** {@code <prefix>.weight} (out, in, k, k) and {@code <prefix>.bias} (out). */
    ConvWeights conv(String prefix, int out, int in, int k) {
        float[] w = take(prefix + ".weight", out, in, k, k).data();
        float[] b = take(prefix + ".bias", out).data();
        return new ConvWeights(out, in, k, w, b);
    }

    /** A 1x1 convolution used per query: {@code <prefix>.weight} (out, in, 1, 1) and bias. */
    DenseLayer dense(String prefix, int out, int in) {
        float[] w = take(prefix + ".weight", out, in, 1, 1).data();
        float[] b = take(prefix + ".bias", out).data();
        return DenseLayer.of(in, out, w, b);
    }

    /** Fails on the first tensor (in file order) that no part of the model used. */
    void requireAllUsed() {
        for (String name : sd.tensors().keySet()) {
            if (!used.contains(name)) {
                throw fail("unexpected tensor " + name + " (not part of the inferred architecture)");
            }
        }
    }

    CheckpointException fail(String problem) {
        return new CheckpointException(sd.file(), problem);
    }
}
