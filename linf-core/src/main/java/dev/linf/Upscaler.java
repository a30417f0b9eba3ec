package dev.linf;

import dev.linf.image.Images;
import dev.linf.model.LinfModel;
import dev.linf.model.Monitor;
import dev.linf.model.PixelSink;
import dev.linf.model.SeededNoise;
import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.function.BooleanSupplier;

/**
 * A configured upscaler: build it once, share it between threads, close it when done.
 *
 * <pre>{@code
 * try (Upscaler up = Upscaler.builder().temperature(0.6f).seed(7).threads(4).build()) {
 *     BufferedImage big = up.upscale(image, Target.width(1920));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe: each call gets its own threads (created for the call, closed after
 * it), so concurrent calls do not share a pool. Results depend only on the image, model, target,
 * temperature and seed: not on the thread count, tile size or call order.
 */
public final class Upscaler implements AutoCloseable {
    private final LinfModel model;
    private final float temperature;
    private final long seed;
    private final Monitor.Listener progress;
    private volatile boolean closed;

    private Upscaler(Builder b) {
        LinfModel m = b.model != null ? b.model : Linf.defaultModel();
        this.model = m.withThreads(b.threads).withTileSize(b.tileSize);
        this.temperature = b.temperature;
        this.seed = b.seed;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The model as this upscaler runs it (kernels, threads, tile size); see {@link LinfModel#describe()}. */
    public LinfModel model() {
        return model;
    }

    /**
     * One line for logs: architecture, parameter count, kernels, threads and, when the fast
     * kernels are not in use, why (e.g. the JVM lacks {@code --add-modules jdk.incubator.vector}).
     */
    public String describe() {
        String why = model.kernels() == dev.linf.kernels.ReferenceKernels.INSTANCE
                ? dev.linf.spi.KernelsProvider.whyNotFast().map(r -> "; fast kernels not used: " + r).orElse("") : "";
        return model.describe() + why;
    }

    /** Upscales an image (alpha, if any, is dropped) to an 8-bit RGB image. */
    public BufferedImage upscale(BufferedImage image, Target target) {
        return upscale(image, target, null);
    }

    /**
     * {@link #upscale(BufferedImage, Target)}, stopping with a {@link java.util.concurrent.CancellationException}
     * as soon as {@code cancelled} returns true or the calling thread is interrupted.
     */
    public BufferedImage upscale(BufferedImage image, Target target, BooleanSupplier cancelled) {
        Tensor in = Images.toTensor(image);
        int[] size = resolve(in, target);
        BufferedImage out = new BufferedImage(size[1], size[0], BufferedImage.TYPE_INT_RGB);
        model.upscale(in, size[0], size[1], temperature, new SeededNoise(seed), Images.sinkInto(out),
                Monitor.of(progress, cancelled));
        return out;
    }

    /** Upscales a (3, H, W) image in [0, 1] to a float (3, H', W') image in [0, 1]. */
    public Tensor upscale(Tensor image, Target target) {
        int[] size = resolve(image, target);
        Tensor out = Tensor.zeros(3, size[0], size[1]);
        model.upscale(image, size[0], size[1], temperature, new SeededNoise(seed), PixelSink.into(out),
                Monitor.of(progress, null));
        return out;
    }

    private int[] resolve(Tensor in, Target target) {
        if (closed) {
            throw new IllegalStateException("this Upscaler is closed");
        }
        return target.resolve(in.dim(1), in.dim(2));
    }

    /** Marks the upscaler closed (idempotent); calls already running finish normally. */
    @Override
    public void close() {
        closed = true;
    }

    /** Settings of an {@link Upscaler}; every one has a default. */
    public static final class Builder {
        private LinfModel model;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int tileSize = LinfModel.AUTO_TILE;
        private float temperature;
        private long seed;
        private Monitor.Listener progress;

        private Builder() {
        }

        /** The model (default: the bundled one, on the fastest kernels). */
        public Builder model(LinfModel m) {
            this.model = m;
            return this;
        }

        /** Threads per call (default: one per processor). */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** LR tile side, or {@link LinfModel#AUTO_TILE} (default) to size tiles from the heap. */
        public Builder tileSize(int lrPixels) {
            if (lrPixels < 0) {
                throw new IllegalArgumentException("tile size must be >= 0, got " + lrPixels);
            }
            this.tileSize = lrPixels;
            return this;
        }

        /** Sampling temperature (default 0: sharp and deterministic). */
        public Builder temperature(float t) {
            if (!(t >= 0) || Float.isInfinite(t)) {
                throw new IllegalArgumentException("temperature must be finite and >= 0, got " + t);
            }
            this.temperature = t;
            return this;
        }

        /** Seed of the sampling noise (default 0), used when the temperature is above 0. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Hears each call's progress (fraction done, stage), from the computing threads. */
        public Builder progress(Monitor.Listener listener) {
            this.progress = listener;
            return this;
        }

        public Upscaler build() {
            return new Upscaler(this);
        }
    }
}
