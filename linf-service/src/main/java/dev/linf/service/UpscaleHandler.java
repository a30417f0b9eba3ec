package dev.linf.service;

import com.sun.net.httpserver.HttpExchange;
import dev.linf.Target;
import dev.linf.Upscaler;
import dev.linf.errors.InvalidInputException;
import dev.linf.errors.LinfException;
import dev.linf.image.Images;
import dev.linf.image.Picture;
import dev.linf.io.Npy;
import dev.linf.model.PixelSink;
import dev.linf.model.SeededNoise;
import dev.linf.runner.ModelRunner;
import dev.linf.runner.Monitor;
import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * {@code POST /v1/upscale}: parameters, admission, body, format, claimed size, a slot, the
 * upscale under the deadline, the answer; every refusal a JSON error with its status.
 */
final class UpscaleHandler {
    private static final Path BODY = Path.of("request body");

    private final ServiceConfig config;
    private final Admission admission;
    private final Metrics metrics;
    /** The shared model on its kernels, with each upscale's share of the threads. */
    private final ModelRunner runner;
    private final ScheduledExecutorService watchdog;

    UpscaleHandler(ServiceConfig config, Admission admission, Metrics metrics, ModelRunner runner,
            ScheduledExecutorService watchdog) {
        this.config = config;
        this.admission = admission;
        this.metrics = metrics;
        this.runner = runner;
        this.watchdog = watchdog;
    }

    /** The kinds of body accepted, told apart by their first bytes. */
    private enum Kind { PNG, JPEG, BMP, NPY }

    void handle(HttpExchange ex) {
        long t0 = System.nanoTime();
        long deadline = t0 + config.timeout().toNanos();
        String status;
        try (ex) {
            try {
                answer(ex, deadline);
                status = "200";
            } catch (HttpError e) {
                error(ex, e);
                status = String.valueOf(e.status);
            } catch (ClientGone e) {
                status = e.stalled ? "body_timeout" : "client_closed";
            } catch (OutOfMemoryError e) {
                // Too much at once for this heap (each check passed alone): busy, not broken.
                HttpError busy = new HttpError(503, "not enough memory for this request now; try again later", 5);
                error(ex, busy);
                status = "503";
            } catch (RuntimeException e) {
                // A defect of ours, not of the input: say so rather than drop the connection.
                error(ex, new HttpError(500, "internal error: " + e));
                status = "500";
            }
        } catch (IOException e) {
            status = "client_closed"; // the answer could not be sent
        }
        metrics.request(status, System.nanoTime() - t0);
    }

    private void answer(HttpExchange ex, long deadline) throws HttpError, ClientGone, IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            throw new HttpError(405, "use POST with the image as the body");
        }
        Params p = Params.parse(ex.getRequestURI().getRawQuery());
        Admission.Ticket ticket = admission.enter();
        if (ticket == null) {
            throw new HttpError(503, "busy: " + config.maxConcurrent() + " upscales running and " + config.maxQueue()
                    + " waiting; try again later", Math.max(1, config.timeout().toSeconds() / 10));
        }
        try (ticket) {
            byte[] body = body(ex, deadline);
            Kind kind = kind(body);
            Tensor array = kind == Kind.NPY ? array(body) : null;
            int[] lr = array != null ? new int[] {array.dim(1), array.dim(2)} : claimedSize(body);
            if ((long) lr[0] * lr[1] > config.maxInputPixels()) {
                throw new HttpError(413, "the image has " + lr[1] + "x" + lr[0] + " pixels, more than the limit of "
                        + config.maxInputPixels());
            }
            int[] out;
            try {
                out = p.target().resolve(lr[0], lr[1]);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, e.getMessage());
            }
            if ((long) out[0] * out[1] > config.maxOutputPixels()) {
                throw new HttpError(413, "the output would have " + out[1] + "x" + out[0] + " pixels, more than the limit"
                        + " of " + config.maxOutputPixels());
            }
            String format = p.format() != null ? p.format() : switch (kind) {
                case JPEG -> "jpeg";
                case NPY -> "npy";
                default -> "png";
            };
            try {
                if (!ticket.awaitSlot(deadline)) {
                    throw new HttpError(504, "waited longer than the timeout of " + config.timeout().toSeconds()
                            + " s for a free slot");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpError(503, "the service is stopping", 1);
            }
            BooleanSupplier late = () -> System.nanoTime() - deadline > 0;
            byte[] result;
            try {
                result = run(p, body, kind, array, format, late);
            } catch (CancellationException e) {
                throw new HttpError(504, "the upscale took longer than the timeout of " + config.timeout().toSeconds()
                        + " s and was cancelled");
            }
            metrics.pixels((long) out[0] * out[1]);
            ex.getResponseHeaders().set("Content-Type", switch (format) {
                case "jpeg" -> "image/jpeg";
                case "npy" -> "application/octet-stream";
                default -> "image/png";
            });
            ex.sendResponseHeaders(200, result.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(result);
            }
        }
    }

    /** The upscale itself, as {@code linf upscale} does it for this input and output kind. */
    private byte[] run(Params p, byte[] body, Kind kind, Tensor array, String format, BooleanSupplier late)
            throws HttpError, IOException {
        Upscaler up = Upscaler.builder().model(runner.model()).kernels(runner.kernels())
                .threads(runner.threads()).tileSize(runner.tileSize()).temperature(p.temperature())
                .seed(p.seed()).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (kind != Kind.NPY && !format.equals("npy")) {
                up.upscale(Picture.read(new ByteArrayInputStream(body)), p.target(), out, format, late);
                return out.toByteArray();
            }
            // Arrays in or out: the model's float output, as an array or an 8-bit RGB image (the CLI's path).
            Tensor image = array != null ? array : Picture.read(new ByteArrayInputStream(body)).rgb();
            int[] size = p.target().resolve(image.dim(1), image.dim(2));
            Monitor monitor = Monitor.of(null, late);
            if (format.equals("npy")) {
                Tensor result = Tensor.zeros(3, size[0], size[1]);
                runner.upscale(image, size[0], size[1], p.temperature(), new SeededNoise(p.seed()),
                        PixelSink.into(result), monitor);
                Npy.write(out, result);
            } else {
                BufferedImage result = new BufferedImage(size[1], size[0], BufferedImage.TYPE_INT_RGB);
                runner.upscale(image, size[0], size[1], p.temperature(), new SeededNoise(p.seed()),
                        Images.sinkInto(result), monitor);
                Picture.of(result).write(out, format, Images.DEFAULT_JPEG_QUALITY);
            }
            return out.toByteArray();
        } catch (InvalidInputException e) {
            throw new HttpError(422, e.problem());
        } catch (LinfException e) {
            throw new HttpError(503, e.problem(), 5); // the output does not fit in the heap now
        }
    }

    /**
     * The body, refused past the size limit (413) or when empty (400). A client that stops
     * sending keeps neither its place nor a thread past the deadline: the connection is closed.
     */
    private byte[] body(HttpExchange ex, long deadline) throws HttpError, ClientGone {
        long max = config.maxBodyBytes();
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > max) {
                    throw new HttpError(413, "the body has " + declared.strip() + " bytes, more than the limit of " + max);
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length");
            }
        }
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            stalled.set(true);
            ex.close();
        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes((int) max + 1);
        } catch (IOException e) {
            throw new ClientGone(stalled.get());
        } finally {
            guard.cancel(false);
        }
        if (stalled.get()) {
            throw new ClientGone(true);
        }
        if (body.length > max) {
            throw new HttpError(413, "the body is longer than the limit of " + max + " bytes");
        }
        if (declared != null && body.length != Long.parseLong(declared.strip())) {
            throw new ClientGone(false); // the client stopped sending before the end
        }
        if (body.length == 0) {
            throw new HttpError(400, "the body is empty; send the image's bytes (PNG, JPEG, BMP or .npy)");
        }
        return body;
    }

    private static Kind kind(byte[] b) throws HttpError {
        if (starts(b, 0x89, 'P', 'N', 'G')) {
            return Kind.PNG;
        }
        if (starts(b, 0xff, 0xd8, 0xff)) {
            return Kind.JPEG;
        }
        if (starts(b, 'B', 'M')) {
            return Kind.BMP;
        }
        if (starts(b, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            return Kind.NPY;
        }
        throw new HttpError(415, "the body is not a PNG, JPEG, BMP or .npy file");
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** (height, width) from the image header, before any pixel is decoded. */
    private static int[] claimedSize(byte[] body) throws HttpError {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(body))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new HttpError(422, "the image cannot be decoded");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                return new int[] {r.getHeight(0), r.getWidth(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new HttpError(422, "the image header cannot be read (" + e.getMessage() + ")");
        }
    }

    /** A .npy body as the CLI checks it: float (3, H, W), finite. */
    private static Tensor array(byte[] body) throws HttpError {
        Tensor t;
        try {
            t = Npy.read(body, BODY);
        } catch (InvalidInputException e) {
            throw new HttpError(422, e.problem());
        }
        if (t.rank() != 3 || t.dim(0) != 3 || t.dim(1) < 1 || t.dim(2) < 1) {
            throw new HttpError(422, "the array has shape " + java.util.Arrays.toString(t.shape())
                    + ", expected (3, H, W) with H, W >= 1");
        }
        for (float v : t.data()) {
            if (!Float.isFinite(v)) {
                throw new HttpError(422, "the array holds NaN or infinite values");
            }
        }
        return t;
    }

    /** Sends {@code {"error": "..."}} with the error's status (and Retry-After for 503). */
    static void error(HttpExchange ex, HttpError e) throws IOException {
        byte[] b = ("{\"error\": " + HttpError.json(e.getMessage()) + "}\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (e.retryAfterSeconds > 0) {
            ex.getResponseHeaders().set("Retry-After", String.valueOf(e.retryAfterSeconds));
        }
        ex.sendResponseHeaders(e.status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    /** The client went away before its request was whole, or stalled past the deadline. */
    private static final class ClientGone extends Exception {
        final boolean stalled;

        ClientGone(boolean stalled) {
            super(null, null, false, false);
            this.stalled = stalled;
        }
    }

    /** The query parameters of an upscale. */
    record Params(Target target, float temperature, long seed, String format) {
        static Params parse(String rawQuery) throws HttpError {
            Double scale = null;
            Integer width = null;
            Integer height = null;
            float temperature = 0;
            long seed = 0;
            String format = null;
            if (rawQuery != null && !rawQuery.isEmpty()) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    try {
                        switch (key) {
                            case "scale" -> scale = Double.parseDouble(value);
                            case "width" -> width = Integer.parseInt(value);
                            case "height" -> height = Integer.parseInt(value);
                            case "temperature" -> temperature = Float.parseFloat(value);
                            case "seed" -> seed = Long.parseLong(value);
                            case "format" -> format = switch (value) {
                                case "png", "npy" -> value;
                                case "jpeg", "jpg" -> "jpeg";
                                default -> throw new HttpError(400, "format must be png, jpeg or npy, got '"
                                        + shorten(value) + "'");
                            };
                            default -> throw new HttpError(400, "unknown parameter '" + shorten(key)
                                    + "' (scale, width, height, temperature, seed, format)");
                        }
                    } catch (NumberFormatException e) {
                        throw new HttpError(400, key + " must be a number, got '" + shorten(value) + "'");
                    }
                }
            }
            if (!(temperature >= 0) || Float.isInfinite(temperature)) {
                throw new HttpError(400, "temperature must be a finite number >= 0");
            }
            if (scale != null && (width != null || height != null)) {
                throw new HttpError(400, "give scale, or width and/or height, not both");
            }
            try {
                Target target = width != null && height != null ? Target.size(width, height)
                        : width != null ? Target.width(width)
                        : height != null ? Target.height(height)
                        : Target.scale(scale != null ? scale : 4.0);
                return new Params(target, temperature, seed, format);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, e.getMessage());
            }
        }

        private static String decode(String s) throws HttpError {
            try {
                return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "malformed query string");
            }
        }

        private static String shorten(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
        }
    }
}
