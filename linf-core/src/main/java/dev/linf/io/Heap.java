package dev.linf.io;

/** How much heap the JVM can still give, for the checks that refuse work before allocating it. */
public final class Heap {
    private Heap() {
    }

    /**
     * The heap still available for {@code need} bytes: the maximum less what is in use, and when
     * that is short of {@code need}, measured again after a collection (garbage of earlier work,
     * such as a checkpoint's read buffers, would otherwise count as in use).
     *
     * @param need the bytes about to be allocated
     * @return the bytes available
     */
    public static long available(long need) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free) {
            System.gc(); // only on the way to a refusal, so the refusal is not caused by garbage
            free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }
        return free;
    }
}
