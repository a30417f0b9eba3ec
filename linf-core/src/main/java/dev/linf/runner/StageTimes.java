package dev.linf.runner;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where the time of model calls goes, for profiling: the encoder and the coef/freq convolutions
 * as wall time of the calling thread, the query phase as wall time too, and inside it the time
 * every thread spent gathering Fourier features, in the MLP, in the flow and writing pixels
 * (summed over threads, so their shares divide the query phase's wall time). Thread-safe; give it
 * to a call with {@link Monitor#withTimes}.
 */
public final class StageTimes {
    /** The stages of a call. */
    public enum Stage {
        /** The encoder, wall time. */
        ENCODER,
        /** The coef/freq convolutions of the Fourier ensemble, wall time. */
        COEF_FREQ,
        /** All blocks of queries, wall time. */
        QUERIES,
        /** Gathering the Fourier features of the queries, summed over threads. */
        FEATURES,
        /** The implicit MLP, summed over threads. */
        MLP,
        /** The flow (scales, latents, inverse), summed over threads. */
        FLOW,
        /** The protocol writing pixels, summed over threads. */
        OUTPUT
    }

    private final LongAdder[] nanos = new LongAdder[Stage.values().length];

    /** Empty times. */
    public StageTimes() {
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = new LongAdder();
        }
    }

    void add(Stage stage, long elapsed) {
        nanos[stage.ordinal()].add(elapsed);
    }

    /**
     * The time recorded for a stage.
     *
     * @param stage the stage
     * @return nanoseconds: wall time for ENCODER, COEF_FREQ and QUERIES, summed over threads otherwise
     */
    public long nanos(Stage stage) {
        return nanos[stage.ordinal()].sum();
    }

    /**
     * A query-phase stage's share of the query phase's wall time.
     *
     * @param stage FEATURES, MLP, FLOW or OUTPUT
     * @return seconds of wall time attributed to it
     */
    public double wallSeconds(Stage stage) {
        if (stage.ordinal() <= Stage.QUERIES.ordinal()) {
            return nanos(stage) / 1e9;
        }
        long inside = nanos(Stage.FEATURES) + nanos(Stage.MLP) + nanos(Stage.FLOW) + nanos(Stage.OUTPUT);
        return inside == 0 ? 0 : nanos(Stage.QUERIES) / 1e9 * nanos(stage) / inside;
    }
}
