package dev.linf.cpu;

/**
 * When a kernel may leave its scalar twin for its vector code. The Vector API runs its Java
 * fallback in the interpreter and in C1: 4.4-9.2 us per value for sin/cos here, against 5-10 ns for
 * a scalar polynomial in C1 and 0.9 ns for the vector code compiled by C2. So until C2 has compiled
 * a kernel's vector code, calls go through a twin that repeats the vector code's float operations
 * lane by lane (the same bits either way, only the speed differs), and the vector code is only
 * called to be counted: C2 compiles a method after about 5,000 invocations, and a call with nothing
 * to do counts as one without running a single Vector API operation. One call in {@link #PERIOD}
 * sends one real vector through it and is timed, which both sees the compiled code arrive and keeps
 * its loops' profile from saying "never entered". One per kernel; the switch is one-way and shared
 * by all threads.
 */
final class ColdStartSwitch {
    /** One vector through compiled code takes tens of ns, through C1 tens of us. */
    private static final long COMPILED_NANOS = 2_000;
    /** One timed call of the vector code in this many (a power of two). */
    static final int PERIOD = 16;

    private volatile boolean compiled;
    /** Calls so far; racy on purpose (a lost update only shifts the next timed call). */
    private int calls;

    /** {@return whether the vector code has been seen running compiled} */
    boolean compiled() {
        return compiled;
    }

    /** {@return whether this call should time one vector through the vector code} */
    boolean timeThisCall() {
        return (++calls & (PERIOD - 1)) == 0;
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
