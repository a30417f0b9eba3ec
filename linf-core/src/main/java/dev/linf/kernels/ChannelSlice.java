package dev.linf.kernels;

import dev.linf.tensor.Tensor;

/**
 * Some channels of a pixel-major (H, W, stride) buffer: channels [offset, offset + channels) of each
 * pixel. A dense block keeps its growing concatenation in one such buffer: each convolution reads a
 * prefix of the channels and writes the next slice, so nothing is copied to concatenate.
 *
 * @param data the buffer, h * w * stride values
 * @param h rows
 * @param w columns
 * @param stride values per pixel in the buffer
 * @param offset the slice's first channel
 * @param channels the slice's channel count
 */
public record ChannelSlice(float[] data, int h, int w, int stride, int offset, int channels) {
    /** Checks that the slice lies inside the buffer. */
    public ChannelSlice {
        if (h < 0 || w < 0 || offset < 0 || channels < 0 || offset + channels > stride
                || data.length != (long) h * w * stride) {
            throw new IllegalArgumentException("channels [" + offset + ", " + (offset + channels) + ") of a " + h + "x"
                    + w + "x" + stride + " map do not fit a buffer of " + data.length + " values");
        }
    }

    /**
     * All channels of a pixel-major tensor (no copy).
     *
     * @param hwc (H, W, C)
     * @return the slice over it
     */
    public static ChannelSlice of(Tensor hwc) {
        return new ChannelSlice(hwc.data(), hwc.dim(0), hwc.dim(1), hwc.dim(2), 0, hwc.dim(2));
    }

    /**
     * Channels [offset, offset + channels) of the same buffer.
     *
     * @param first the first channel, counted in the buffer
     * @param count how many
     * @return the slice
     */
    public ChannelSlice channels(int first, int count) {
        return new ChannelSlice(data, h, w, stride, first, count);
    }

    /**
     * Index of channel 0 of this slice at pixel (y, x) in {@link #data}.
     *
     * @param y row
     * @param x column
     * @return the index
     */
    public int at(int y, int x) {
        return (y * w + x) * stride + offset;
    }

    /**
     * The slice's values as a new (H, W, channels) tensor.
     *
     * @param parallel the threads to copy on
     * @return the copy
     */
    public Tensor copy(Parallel parallel) {
        float[] out = new float[h * w * channels];
        parallel.forEach(h, y -> {
            for (int x = 0; x < w; x++) {
                System.arraycopy(data, at(y, x), out, (y * w + x) * channels, channels);
            }
        });
        return Tensor.of(out, h, w, channels);
    }

    /**
     * Writes a pixel-major tensor of this slice's size into it, activated.
     *
     * @param hwc (H, W, channels)
     * @param activation applied to each value
     * @param parallel the threads to copy on
     */
    public void write(Tensor hwc, Activation activation, Parallel parallel) {
        if (!hwc.hasShape(h, w, channels)) {
            throw new IllegalArgumentException("cannot write " + hwc + " into " + h + "x" + w + "x" + channels + " channels");
        }
        float[] src = hwc.data();
        parallel.forEach(h, y -> {
            for (int x = 0; x < w; x++) {
                int s = (y * w + x) * channels;
                int d = at(y, x);
                if (activation == Activation.NONE) {
                    System.arraycopy(src, s, data, d, channels);
                } else {
                    for (int c = 0; c < channels; c++) {
                        data[d + c] = activation.apply(src[s + c]);
                    }
                }
            }
        });
    }
}
