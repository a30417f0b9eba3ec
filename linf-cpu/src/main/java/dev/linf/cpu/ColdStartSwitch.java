package dev.linf.cpu;

/**
 * When a kernel may leave its scalar twin for its vector code. The Vector API runs its Java
 * fallback in the interpreter and in C1: 4.4-9.2 us per value for sin/cos here, against 5-10 ns for
 * a scalar polynomial in C1 and 0.9 ns for the vector code compiled by C2. So until C2 has compiled
 * a kernel's vector code, each call sends one vector through it (the invocations C2 needs) and the
 * rest through a twin that repeats the vector code's float operations lane by lane: the same bits
 * either way, only the speed differs. One per kernel; the switch is one-way and shared by all
 * threads.
 */
final class ColdStartSwitch {
    /** One vector through compiled code takes tens of ns, through C1 tens of us. */
    private static final long COMPILED_NANOS = 2_000;

    private volatile boolean compiled;

    /** {@return whether the vector code has been seen running compiled} */
    boolean compiled() {
        return compiled;
    }

    /**
     * Records a call of the vector code on one vector that started at {@code startNanos}.
     *
     * @param startNanos {@link System#nanoTime()} just before the call
     */
    void timed(long startNanos) {
        if (System.nanoTime() - startNanos < COMPILED_NANOS) {
            compiled = true;
        }
    }
}
