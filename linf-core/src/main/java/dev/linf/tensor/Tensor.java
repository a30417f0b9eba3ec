package dev.linf.tensor;

import java.util.Arrays;

/**
 * A dense float32 array with a shape, stored row-major (C order). Deliberately tiny: the model
 * code indexes {@link #data()} directly; this type only carries the shape and checks it.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    private Tensor(int[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** Wraps {@code data} (not copied) with the given shape; the element counts must agree. */
    public static Tensor of(float[] data, int... shape) {
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " elements, data has " + data.length);
        }
        return new Tensor(shape.clone(), data);
    }

    public static Tensor zeros(int... shape) {
        long n = numel(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        return new Tensor(shape.clone(), new float[(int) n]);
    }

    /** Number of elements of a shape; negative extents are rejected. */
    public static long numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    public int numel() {
        return data.length;
    }

    /** The backing array (not a copy). */
    public float[] data() {
        return data;
    }

    /** Element (c, y, x) of a rank-3 tensor. */
    public float get(int c, int y, int x) {
        return data[(c * shape[1] + y) * shape[2] + x];
    }

    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** Throws with a message naming {@code what} unless the shape equals {@code expected}. */
    public Tensor requireShape(String what, int... expected) {
        if (!hasShape(expected)) {
            throw new IllegalArgumentException(
                    what + " has shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expected));
        }
        return this;
    }

    public Tensor copy() {
        return new Tensor(shape.clone(), data.clone());
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
