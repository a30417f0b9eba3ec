package dev.linf.service;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The service's counters in the Prometheus text exposition format (version 0.0.4): requests by
 * status, a latency histogram, queue depth, upscales in flight and output pixels produced.
 */
final class Metrics {
    /** Latency histogram bucket bounds, seconds. */
    private static final double[] BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder count = new LongAdder();
    private final AtomicLong sumNanos = new AtomicLong();
    private final LongAdder pixels = new LongAdder();
    private final IntSupplier queueDepth;
    private final IntSupplier inFlight;

    Metrics(IntSupplier queueDepth, IntSupplier inFlight) {
        this.queueDepth = queueDepth;
        this.inFlight = inFlight;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** One answered request: its status ("200", "503", or "client_closed") and how long it took. */
    void request(String status, long nanos) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        buckets[i].increment();
        count.increment();
        sumNanos.addAndGet(nanos);
    }

    void pixels(long n) {
        pixels.add(n);
    }

    /** Requests answered with {@code status} so far. */
    long count(String status) {
        LongAdder a = byStatus.get(status);
        return a == null ? 0 : a.sum();
    }

    String text() {
        StringBuilder b = new StringBuilder();
        b.append("# HELP linf_requests_total Requests answered, by HTTP status (client_closed: the client went away).\n")
                .append("# TYPE linf_requests_total counter\n");
        new TreeMap<>(byStatus).forEach((s, n) -> b.append("linf_requests_total{status=\"").append(s).append("\"} ")
                .append(n.sum()).append('\n'));
        b.append("# HELP linf_request_duration_seconds Time from a request's arrival to its answer.\n")
                .append("# TYPE linf_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            String le = i < BOUNDS.length ? String.valueOf(BOUNDS[i]) : "+Inf";
            b.append("linf_request_duration_seconds_bucket{le=\"").append(le).append("\"} ").append(cumulative).append('\n');
        }
        b.append(String.format(Locale.ROOT, "linf_request_duration_seconds_sum %.6f%n", sumNanos.get() / 1e9))
                .append("linf_request_duration_seconds_count ").append(count.sum()).append('\n');
        b.append("# HELP linf_queue_depth Requests waiting for a free upscale slot.\n# TYPE linf_queue_depth gauge\n")
                .append("linf_queue_depth ").append(queueDepth.getAsInt()).append('\n');
        b.append("# HELP linf_in_flight Upscales running now.\n# TYPE linf_in_flight gauge\n")
                .append("linf_in_flight ").append(inFlight.getAsInt()).append('\n');
        b.append("# HELP linf_pixels_processed_total Output pixels produced.\n# TYPE linf_pixels_processed_total counter\n")
                .append("linf_pixels_processed_total ").append(pixels.sum()).append('\n');
        return b.toString();
    }
}
