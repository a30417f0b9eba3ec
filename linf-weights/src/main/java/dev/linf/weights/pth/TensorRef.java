package dev.linf.weights.pth;

/**
 * A tensor as the pickle describes it: a view (offset, sizes, strides, in elements) into a
 * storage. No data is read until the loader decides it needs this tensor.
 */
public record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
}
