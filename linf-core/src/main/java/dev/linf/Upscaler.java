package dev.linf;

import dev.linf.errors.OutputException;
import dev.linf.errors.InvalidInputException;
import dev.linf.errors.LinfException;
import dev.linf.image.Canvas;
import dev.linf.image.Images;
import dev.linf.image.Picture;
import dev.linf.image.PlaneResize;
import dev.linf.kernels.Kernels;
import dev.linf.model.LinfModel;
import dev.linf.model.NoiseSource;
import dev.linf.model.SeededNoise;
import dev.linf.runner.ModelRunner;
import dev.linf.runner.Monitor;
import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A configured upscaler: build it once, share it between threads, close it when done.
 *
 * <pre>{@code
 * try (Upscaler up = Upscaler.builder().temperature(0.6f).seed(7).threads(4).build()) {
 *     BufferedImage big = up.upscale(image, Target.width(1920));
 *     up.upscale(Path.of("in.png"), Path.of("out.png"), Target.scale(2.37));
 * }
 * }</pre>
 *
 * <p>Pictures keep their kind: gray stays gray, 16 bits stay 16 bits, alpha is upscaled on its
 * own ({@link AlphaMode}), a palette image with transparency comes back with alpha, an ICC
 * profile is carried along. Immutable and thread-safe: each call gets its own threads (created
 * for the call, closed after it), so concurrent calls do not share a pool. Results depend only on
 * the image, model, target, temperature and seed: not on the thread count, tile size or call order.
 */
public final class Upscaler implements AutoCloseable {
    /** How an alpha channel is upscaled. */
    public enum AlphaMode {
        /** Bicubic interpolation (Keys, a = -0.5) in double: the default. */
        BICUBIC,
        /** Through the model at T = 0, as a gray image. */
        MODEL,
        /** Dropped: the output has no alpha. */
        DROP
    }

    private final ModelRunner runner;
    private final float temperature;
    private final long seed;
    private final NoiseSource noise;
    private final Monitor.Listener progress;
    private final AlphaMode alpha;
    private final float jpegQuality;
    private final boolean overwrite;
    private volatile boolean closed;

    private Upscaler(Builder b) {
        LinfModel m = b.model != null ? b.model : DefaultModels.get();
        ModelRunner r = ModelRunner.of(m).withThreads(b.threads).withTileSize(b.tileSize);
        this.runner = b.kernels != null ? r.withKernels(b.kernels) : r;
        this.temperature = b.temperature;
        this.seed = b.seed;
        this.noise = b.noise;
        this.progress = b.progress;
        this.alpha = b.alpha;
        this.jpegQuality = b.jpegQuality;
        this.overwrite = b.overwrite;
    }

    /** {@return a builder with every setting at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the model and how this upscaler runs it (kernels, threads, tile size): the research tier} */
    public ModelRunner runner() {
        return runner;
    }

    /**
     * One line for logs: architecture, parameter count, kernels, threads and, when the fast
     * kernels are not in use, why and how to fix it.
     *
     * @return the description
     */
    public String describe() {
        return runner.describe();
    }

    /**
     * Upscales an image at this upscaler's temperature and seed.
     *
     * @param image the image
     * @param target the output size
     * @return a new image of the same kind: the same type when it is a standard one, otherwise the
     *     same bit depth, gray or colour, and alpha
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the output size is outside the supported range
     * @throws LinfException when the output would not fit in the heap
     */
    public BufferedImage upscale(BufferedImage image, Target target) {
        return upscale(image, target, null);
    }

    /**
     * {@link #upscale(BufferedImage, Target)}, stopping with a
     * {@link java.util.concurrent.CancellationException} within a few milliseconds of
     * {@code cancelled} returning true or the calling thread being interrupted (whose interrupt
     * status is kept), during encoding as well as querying.
     *
     * @param image the image
     * @param target the output size
     * @param cancelled polled during the call; may be null
     * @return a new image of the same kind
     */
    public BufferedImage upscale(BufferedImage image, Target target, BooleanSupplier cancelled) {
        Objects.requireNonNull(image, "image");
        Picture in = Picture.of(image);
        Canvas out = render(in, target, null, cancelled);
        return SameType.as(out.toBufferedImage(in.iccProfile()), image); // the canvas's own image: no copy
    }

    /**
     * Upscales a picture, keeping its kind.
     *
     * @param picture the picture
     * @param target the output size
     * @return the upscaled picture
     */
    public Picture upscale(Picture picture, Target target) {
        return upscale(picture, target, null);
    }

    /**
     * {@link #upscale(Picture, Target)} with cooperative cancellation, as
     * {@link #upscale(BufferedImage, Target, BooleanSupplier)}.
     *
     * @param picture the picture
     * @param target the output size
     * @param cancelled polled during the call; may be null
     * @return the upscaled picture
     */
    public Picture upscale(Picture picture, Target target, BooleanSupplier cancelled) {
        return render(picture, target, null, cancelled).picture(picture.iccProfile());
    }

    /**
     * Upscales a picture and encodes it to a stream as {@code format}, the picture's kind kept as
     * far as that format allows: the bytes the file call writes for the same picture and format.
     *
     * @param picture the picture
     * @param target the output size
     * @param out where the encoded image goes (not closed)
     * @param format {@code png}, {@code jpeg} (or {@code jpg}) or {@code bmp}
     * @param cancelled polled during the call; may be null
     * @throws IOException when the stream fails
     * @throws IllegalArgumentException for an unknown format
     */
    public void upscale(Picture picture, Target target, OutputStream out, String format, BooleanSupplier cancelled)
            throws IOException {
        Objects.requireNonNull(out, "out");
        String f = Images.formatOf(Path.of("x." + Objects.requireNonNull(format, "format")));
        if (f == null) {
            throw new IllegalArgumentException("unknown format '" + format + "' (use png, jpeg or bmp)");
        }
        render(picture, target, f, cancelled).picture(picture.iccProfile()).write(out, f, jpegQuality);
    }

    /**
     * Reads {@code input}, upscales it and writes {@code output} in the format its extension
     * names (.png, .jpg, .bmp), as the input was stored as far as that format allows; written to
     * a temporary file and renamed, so a failure or cancellation leaves no partial file.
     *
     * @param input the image file
     * @param output where to write; refused when it exists, unless built with {@link Builder#overwrite}
     * @param target the output size
     * @throws InvalidInputException when the input cannot be read
     * @throws OutputException when the output cannot be written
     */
    public void upscale(Path input, Path output, Target target) {
        upscale(input, output, target, null);
    }

    /**
     * {@link #upscale(Path, Path, Target)} with cooperative cancellation.
     *
     * @param input the image file
     * @param output where to write
     * @param target the output size
     * @param cancelled polled during the call; may be null
     */
    public void upscale(Path input, Path output, Target target, BooleanSupplier cancelled) {
        Objects.requireNonNull(input, "input");
        String format = Images.formatOf(Objects.requireNonNull(output, "output"));
        if (format == null) {
            throw new OutputException(output, "unknown output type (use .png, .jpg or .bmp)", null);
        }
        checkWritable(output);
        Picture in = Picture.read(input);
        Picture out = render(in, target, format, cancelled).picture(in.iccProfile());
        try {
            out.write(output, jpegQuality);
        } catch (IOException e) {
            throw new OutputException(output, "cannot be written (" + e.getMessage() + ")", e);
        }
    }

    /** Fails before any computation when {@code out} cannot be written. */
    private void checkWritable(Path out) {
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new OutputException(out, "folder " + dir + " does not exist", null);
        }
        if (!Files.isWritable(dir)) {
            throw new OutputException(out, "folder " + dir + " is not writable", null);
        }
        if (Files.isDirectory(out)) {
            throw new OutputException(out, "is a folder", null);
        }
        if (!overwrite && Files.exists(out)) {
            throw new OutputException(out, "already exists (build the Upscaler with overwrite(true) to replace it)",
                    null);
        }
    }

    /** The filled canvas of the upscaled picture, in the kind {@code format} stores (null: the input's kind). */
    private Canvas render(Picture picture, Target target, String format, BooleanSupplier cancelled) {
        Objects.requireNonNull(picture, "picture");
        Objects.requireNonNull(target, "target");
        if (closed) {
            throw new IllegalStateException("this Upscaler is closed");
        }
        int[] size = target.resolve(picture.height(), picture.width());
        Canvas.Kind kind = Canvas.Kind.of(picture, alpha != AlphaMode.DROP, format);
        Limits.requireHeapFor(size[0], size[1], kind);
        Tensor rgb = picture.rgb();
        Canvas canvas = new Canvas(kind, size[1], size[0]);
        NoiseSource latents = noise != null ? noise : new SeededNoise(seed);
        runner.upscale(rgb, size[0], size[1], temperature, latents, canvas.colour(), Monitor.of(progress, cancelled));
        if (kind.alpha()) {
            canvas.alpha(upscaleAlpha(picture.alpha(), size, cancelled));
        }
        return canvas;
    }

    /** The alpha plane at the output size, by bicubic interpolation or through the model. */
    private Tensor upscaleAlpha(Tensor a, int[] size, BooleanSupplier cancelled) {
        if (alpha == AlphaMode.BICUBIC) {
            return PlaneResize.bicubic(a, size[0], size[1]);
        }
        int h = a.dim(1);
        int w = a.dim(2);
        float[] three = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(a.data(), 0, three, c * h * w, h * w);
        }
        Tensor up = Tensor.zeros(3, size[0], size[1]);
        runner.upscale(Tensor.of(three, 3, h, w), size[0], size[1], 0f, new SeededNoise(0),
                dev.linf.model.PixelSink.into(up), Monitor.of(null, cancelled));
        float[] out = new float[size[0] * size[1]];
        int n = out.length;
        for (int i = 0; i < n; i++) {
            out[i] = (up.data()[i] + up.data()[n + i] + up.data()[2 * n + i]) / 3f;
        }
        return Tensor.of(out, 1, size[0], size[1]);
    }

    /** Marks the upscaler closed (idempotent); calls already running finish normally. */
    @Override
    public void close() {
        closed = true;
    }

    /** Settings of an {@link Upscaler}; every one has a default. */
    public static final class Builder {
        private LinfModel model;
        private Kernels kernels;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int tileSize = ModelRunner.AUTO_TILE;
        private float temperature;
        private long seed;
        private NoiseSource noise;
        private Monitor.Listener progress;
        private AlphaMode alpha = AlphaMode.BICUBIC;
        private float jpegQuality = Images.DEFAULT_JPEG_QUALITY;
        private boolean overwrite;

        private Builder() {
        }

        /**
         * The model (default: the bundled one). It runs on the fastest kernels on the class path.
         *
         * @param m the model, e.g. from {@code Checkpoints.load}
         * @return this builder
         */
        public Builder model(LinfModel m) {
            this.model = Objects.requireNonNull(m, "model");
            return this;
        }

        /**
         * Other kernels than the fastest on the class path, e.g. the scalar reference.
         *
         * @param k the kernels
         * @return this builder
         */
        public Builder kernels(Kernels k) {
            this.kernels = Objects.requireNonNull(k, "kernels");
            return this;
        }

        /**
         * Threads per call (default: one per processor).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /**
         * LR tile side, or {@link ModelRunner#AUTO_TILE} (default) to size tiles from the heap.
         *
         * @param lrPixels at least 1, or 0 for automatic
         * @return this builder
         */
        public Builder tileSize(int lrPixels) {
            if (lrPixels < 0) {
                throw new IllegalArgumentException("tile size must be >= 0, got " + lrPixels);
            }
            this.tileSize = lrPixels;
            return this;
        }

        /**
         * Sampling temperature (default 0: sharp and deterministic).
         *
         * @param t finite and at least 0
         * @return this builder
         */
        public Builder temperature(float t) {
            if (!(t >= 0) || Float.isInfinite(t)) {
                throw new IllegalArgumentException("temperature must be finite and >= 0, got " + t);
            }
            this.temperature = t;
            return this;
        }

        /**
         * Seed of the sampling noise (default 0), used when the temperature is above 0.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Latents to replay instead of seeded ones (e.g. official ones, {@code ReplayedNoise}).
         *
         * @param n the source, or null for seeded noise
         * @return this builder
         */
        public Builder noise(NoiseSource n) {
            this.noise = n;
            return this;
        }

        /**
         * Hears each call's progress (fraction done, stage), from the computing threads.
         *
         * @param listener the listener, or null
         * @return this builder
         */
        public Builder progress(Monitor.Listener listener) {
            this.progress = listener;
            return this;
        }

        /**
         * How alpha channels are upscaled (default {@link AlphaMode#BICUBIC}).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder alpha(AlphaMode mode) {
            this.alpha = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * JPEG quality of file outputs (default 0.92).
         *
         * @param q in (0, 1]
         * @return this builder
         */
        public Builder jpegQuality(float q) {
            if (!(q > 0 && q <= 1)) {
                throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + q);
            }
            this.jpegQuality = q;
            return this;
        }

        /**
         * Whether file outputs may replace existing files (default false: refused).
         *
         * @param replace true to replace
         * @return this builder
         */
        public Builder overwrite(boolean replace) {
            this.overwrite = replace;
            return this;
        }

        /**
         * The upscaler.
         *
         * @return a new upscaler
         * @throws LinfException when no model was given and none is bundled
         */
        public Upscaler build() {
            return new Upscaler(this);
        }
    }
}
