package dev.linf.service;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code slots} upscales at once and {@code queue} requests waiting for one; a request
 * beyond that is turned away at once rather than left to wait without bound.
 */
final class Admission {
    private final Semaphore running;
    private final int capacity;
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final int slots;

    Admission(int slots, int queue) {
        this.slots = slots;
        this.running = new Semaphore(slots, true);
        this.capacity = slots + queue;
    }

    /** A place in the service, or null when every slot and queue place is taken. */
    Ticket enter() {
        while (true) {
            int n = admitted.get();
            if (n >= capacity) {
                return null;
            }
            if (admitted.compareAndSet(n, n + 1)) {
                return new Ticket();
            }
        }
    }

    int waiting() {
        return waiting.get();
    }

    int running() {
        return slots - running.availablePermits();
    }

    /** An admitted request: waits for a slot, then holds it until closed. */
    final class Ticket implements AutoCloseable {
        private boolean slot;
        private boolean closed;

        /** Waits until {@code deadlineNanos} (System.nanoTime) for a slot; false when it passed. */
        boolean awaitSlot(long deadlineNanos) throws InterruptedException {
            waiting.incrementAndGet();
            try {
                slot = running.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                return slot;
            } finally {
                waiting.decrementAndGet();
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (slot) {
                running.release();
            }
            admitted.decrementAndGet();
        }
    }
}
