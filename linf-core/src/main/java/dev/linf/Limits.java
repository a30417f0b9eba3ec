package dev.linf;

import dev.linf.errors.LinfException;
import dev.linf.image.Canvas;

/**
 * The size checks every public entry makes before it allocates: output sides and pixel count
 * ({@link dev.linf.model.OutputSize}, through {@link Target}), then the output's samples against
 * the heap the JVM can still give.
 */
final class Limits {
    private Limits() {
    }

    /** Refuses an output whose samples alone would not fit in the free heap. */
    static void requireHeapFor(int height, int width, Canvas.Kind kind) {
        int channels = (kind.gray() ? 1 : 3) + (kind.alpha() ? 1 : 0);
        long perPixel = kind.bits() == 8 && !kind.gray() && !kind.alpha() ? 4 : (long) channels * kind.bits() / 8;
        long bytes = (long) height * width * perPixel;
        long free = dev.linf.io.Heap.available(bytes);
        if (bytes > free) {
            throw new LinfException(null, String.format("a %dx%d output needs %d MB but only %d MB of heap are free"
                    + " (raise -Xmx or ask for a smaller size)", width, height, bytes >> 20, free >> 20));
        }
    }
}
