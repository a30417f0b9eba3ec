package dev.linf.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Channel slices of one pixel-major buffer: bounds refused, copies and writes touch only their
 * channels, and the reference convolution between slices equals convolving the concatenation.
 */
class ChannelSliceTest {
    @Test
    void slicesOutsideTheBufferAreRefused() {
        float[] buf = new float[2 * 3 * 5];
        assertThrows(IllegalArgumentException.class, () -> new ChannelSlice(buf, 2, 3, 5, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new ChannelSlice(buf, 2, 3, 5, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> new ChannelSlice(buf, 2, 4, 5, 0, 5));
        assertEquals(2, new ChannelSlice(buf, 2, 3, 5, 3, 2).channels());
    }

    @Test
    void writeAndCopyStayInTheirChannels() {
        ChannelSlice all = ChannelSlice.of(Tensor.zeros(2, 3, 5));
        Tensor part = Tensor.zeros(2, 3, 2);
        for (int i = 0; i < part.numel(); i++) {
            part.data()[i] = i - 5.5f;
        }
        all.channels(1, 2).write(part, Activation.LEAKY_RELU_0_2, Parallel.serial());
        for (int px = 0; px < 6; px++) {
            assertEquals(0f, all.data()[px * 5]);
            assertEquals(0f, all.data()[px * 5 + 3]);
            assertEquals(0f, all.data()[px * 5 + 4]);
            for (int c = 0; c < 2; c++) {
                float v = part.data()[px * 2 + c];
                assertEquals(v > 0 ? v : v * 0.2f, all.data()[px * 5 + 1 + c]);
            }
        }
        Tensor back = all.channels(1, 2).copy(Parallel.serial());
        assertArrayEquals(new int[] {2, 3, 2}, back.shape());
        assertEquals(Activation.LEAKY_RELU_0_2.apply(part.data()[7]), back.data()[7]);
    }

    @Test
    void convolvingAPrefixEqualsConvolvingTheConcatenation() {
        java.util.Random r = new java.util.Random(4);
        Tensor a = Tensor.zeros(5, 7, 3);
        Tensor b = Tensor.zeros(5, 7, 2);
        for (Tensor t : List.of(a, b)) {
            for (int i = 0; i < t.numel(); i++) {
                t.data()[i] = (float) r.nextGaussian();
            }
        }
        float[] w = new float[4 * 5 * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        ConvWeights conv = new ConvWeights(4, 5, 3, w, new float[] {0.1f, -0.2f, 0.3f, 0f});
        Parallel p = Parallel.serial();
        Tensor expected = ReferenceKernels.INSTANCE.conv2dHwc(PixelMajor.concat(List.of(a, b), p), conv, p);
        ChannelSlice buf = ChannelSlice.of(Tensor.zeros(5, 7, 9));
        buf.channels(0, 3).write(a, Activation.NONE, p);
        buf.channels(3, 2).write(b, Activation.NONE, p);
        ReferenceKernels.INSTANCE.conv2d(buf.channels(0, 5), conv, Activation.RELU, buf.channels(5, 4), p);
        Tensor got = buf.channels(5, 4).copy(p);
        for (int i = 0; i < got.numel(); i++) {
            assertEquals(Math.max(expected.data()[i], 0f), got.data()[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> ReferenceKernels.INSTANCE.conv2d(buf.channels(0, 4), conv,
                Activation.NONE, buf.channels(5, 4), p));
    }
}
