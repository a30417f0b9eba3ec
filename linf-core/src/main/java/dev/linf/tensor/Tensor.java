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

    /**
     * Wraps {@code data} (not copied) with the given shape; the element counts must agree.
     *
     * @param data the values, row-major (kept, not copied)
     * @param shape the extents
     * @return the tensor
     */
    public static Tensor of(float[] data, int... shape) {
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " elements, data has " + data.length);
        }
        return new Tensor(shape.clone(), data);
    }

    /**
     * A tensor of zeros.
     *
     * @param shape the extents
     * @return the tensor
     */
    public static Tensor zeros(int... shape) {
        long n = numel(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        return new Tensor(shape.clone(), new float[(int) n]);
    }

    /**
     * Number of elements of a shape; negative extents are rejected.
     *
     * @param shape the extents
     * @return their product
     */
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

    /**
     * The extents.
     *
     * @return a copy of them
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of axes.
     *
     * @return the count
     */
    public int rank() {
        return shape.length;
    }

    /**
     * One extent.
     *
     * @param i the axis
     * @return its extent
     */
    public int dim(int i) {
        return shape[i];
    }

    /**
     * The number of elements.
     *
     * @return the count
     */
    public int numel() {
        return data.length;
    }

    /**
     * The backing array (not a copy).
     *
     * @return the array
     */
    public float[] data() {
        return data;
    }

    /**
     * Element (c, y, x) of a rank-3 tensor.
     *
     * @param c channel
     * @param y row
     * @param x column
     * @return the element
     */
    public float get(int c, int y, int x) {
        return data[(c * shape[1] + y) * shape[2] + x];
    }

    /**
     * Whether the shape is exactly this.
     *
     * @param expected the shape
     * @return true when it is
     */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /**
     * Throws with a message naming {@code what} unless the shape equals {@code expected}.
     *
     * @param what its name in the message
     * @param expected the shape
     * @return this tensor
     */
    public Tensor requireShape(String what, int... expected) {
        if (!hasShape(expected)) {
            throw new IllegalArgumentException(
                    what + " has shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expected));
        }
        return this;
    }

    /**
     * A deep copy.
     *
     * @return the copy
     */
    public Tensor copy() {
        return new Tensor(shape.clone(), data.clone());
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
