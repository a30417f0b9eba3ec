package dev.linf.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * The threads of one computation: a fixed number of parked (not spinning) workers created for it
 * and closed with it, so no pool is shared between callers. Work is handed out as task indices;
 * every task must write only its own outputs, which keeps results independent of the thread count.
 */
public final class Parallel implements AutoCloseable {
    private static final Runnable NO_CHECK = () -> { };
    private static final Parallel SERIAL = new Parallel(1, null, NO_CHECK);

    private final int threads;
    private final ExecutorService pool;
    private final Runnable checkpoint;

    private Parallel(int threads, ExecutorService pool, Runnable checkpoint) {
        this.threads = threads;
        this.pool = pool;
        this.checkpoint = checkpoint;
    }

    /**
     * Runs everything on the calling thread.
     *
     * @return the serial instance
     */
    public static Parallel serial() {
        return SERIAL;
    }

    /**
     * {@code threads} threads in all: the caller and {@code threads - 1} workers.
     *
     * @param threads at least 1
     * @return the threads, to close after use
     */
    public static Parallel of(int threads) {
        return of(threads, NO_CHECK);
    }

    /**
     * {@link #of(int)} running {@code checkpoint} before every task (a row band of a convolution, a
     * block of queries), from whichever thread runs it: a checkpoint that throws (a
     * {@link java.util.concurrent.CancellationException}) stops the computation within one task.
     *
     * @param threads at least 1
     * @param checkpoint run before every task
     * @return the threads, to close after use
     */
    public static Parallel of(int threads, Runnable checkpoint) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (threads == 1) {
            return checkpoint == NO_CHECK ? SERIAL : new Parallel(1, null, checkpoint);
        }
        return new Parallel(threads, Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "linf-worker");
            t.setDaemon(true);
            return t;
        }), checkpoint);
    }

    /** Runs the checkpoint given to {@link #of(int, Runnable)}: for long stretches outside {@link #forEach}. */
    public void checkpoint() {
        checkpoint.run();
    }

    /**
     * Threads in all, the caller included.
     *
     * @return the count
     */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every task index in [0, tasks), dynamically balanced; returns when all are done.
     *
     * @param tasks how many
     * @param body runs one task
     */
    public void forEach(int tasks, IntConsumer body) {
        forEach(tasks, () -> null, (state, i) -> body.accept(i));
    }

    /**
     * Like {@link #forEach(int, IntConsumer)}, with per-thread state (scratch buffers) made once by
     * each participating thread with {@code init} and passed to every task it runs.
     *
     * @param <S> the per-thread state
     * @param tasks how many
     * @param init makes one thread's state
     * @param body runs one task with its thread's state
     */
    public <S> void forEach(int tasks, Supplier<S> init, ObjIntConsumer<S> body) {
        if (threads == 1 || tasks <= 1) {
            S state = init.get();
            for (int i = 0; i < tasks; i++) {
                checkpoint.run();
                body.accept(state, i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            try {
                S state = init.get();
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    checkpoint.run();
                    body.accept(state, i);
                }
            } catch (RuntimeException | Error e) {
                next.set(tasks); // stop the other threads early
                throw e;
            }
        };
        int helpers = Math.min(threads - 1, tasks - 1);
        Future<?>[] futures = new Future<?>[helpers];
        for (int i = 0; i < helpers; i++) {
            futures[i] = pool.submit(worker);
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // kept for the caller, who asked for the stop
                next.set(tasks);
                if (failure == null) {
                    failure = new java.util.concurrent.CancellationException("interrupted");
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
