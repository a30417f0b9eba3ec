package dev.linf.runner;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Progress reports, cooperative cancellation and (optionally) stage times for one model call. The
 * runner checks {@link #checkCancelled()} before each tile, each block of queries and each task of
 * the kernels (a row band of a convolution: well under a millisecond), so a cancelled or
 * interrupted call stops promptly with a {@link CancellationException} and writes nothing more.
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
    private final StageTimes times;
    private double reported = -1;

    private Monitor(Listener listener, BooleanSupplier cancelled, Thread caller, StageTimes times) {
        this.listener = listener;
        this.cancelled = cancelled;
        this.caller = caller;
        this.times = times;
    }

    /**
     * The same monitor also recording where the call's time goes.
     *
     * @param t the times to add to
     * @return a new monitor
     */
    public Monitor withTimes(StageTimes t) {
        return new Monitor(listener, cancelled, caller, java.util.Objects.requireNonNull(t, "times"));
    }

    /** Adds the time since {@code start} (a {@code System.nanoTime()}) to a stage, when timing. */
    void time(StageTimes.Stage stage, long start) {
        if (times != null) {
            times.add(stage, System.nanoTime() - start);
        }
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
        return new Monitor(listener, cancelled, Thread.currentThread(), null);
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
