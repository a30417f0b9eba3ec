package dev.linf.runner;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Progress reports and cooperative cancellation for one model call. The model checks
 * {@link #checkCancelled()} before each tile and each block of queries (a few milliseconds of
 * work), so a cancelled or interrupted call stops promptly with a {@link CancellationException}
 * and writes nothing more.
 */
public final class Monitor {
    /** Progress of a call: the fraction done in [0, 1], never decreasing, and the current stage. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Hears one report.
         *
         * @param fraction done, in [0, 1]
         * @param stage what is being done, e.g. {@code encoding} or {@code querying (tile 2 of 4)}
         */
        void update(double fraction, String stage);
    }

    private final Listener listener;
    private final BooleanSupplier cancelled;
    private final Thread caller;
    private double reported = -1;

    private Monitor(Listener listener, BooleanSupplier cancelled, Thread caller) {
        this.listener = listener;
        this.cancelled = cancelled;
        this.caller = caller;
    }

    /**
     * A monitor for a call made from the current thread: {@code listener} (may be null) hears the
     * progress, and the call stops when {@code cancelled} (may be null) returns true or the current
     * thread is interrupted.
     *
     * @param listener hears the progress, or null
     * @param cancelled stops the call when it returns true, or null
     * @return the monitor
     */
    public static Monitor of(Listener listener, BooleanSupplier cancelled) {
        return new Monitor(listener, cancelled, Thread.currentThread());
    }

    /**
     * No listener, stopped only by interrupting the calling thread.
     *
     * @return the monitor
     */
    public static Monitor none() {
        return of(null, null);
    }

    /** Throws {@link CancellationException} if the call was cancelled or its thread interrupted. */
    public void checkCancelled() {
        if (caller.isInterrupted() || (cancelled != null && cancelled.getAsBoolean())) {
            throw new CancellationException("cancelled");
        }
    }

    /**
     * Reports progress (thread-safe; out-of-order reports from worker threads are dropped).
     *
     * @param fraction done, in [0, 1]
     * @param stage what is being done
     */
    public void report(double fraction, String stage) {
        if (listener == null) {
            return;
        }
        synchronized (this) {
            if (fraction < reported) {
                return;
            }
            reported = fraction;
            listener.update(Math.min(1.0, fraction), stage);
        }
    }
}
