package dev.linf.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.linf.runner.ModelRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An upscaling HTTP service on the JDK's built-in server, one virtual thread per request:
 *
 * <ul>
 *   <li>{@code POST /v1/upscale?scale=S} (or {@code width=} / {@code height=}; {@code temperature=},
 *       {@code seed=}, {@code format=png|jpeg|npy}), the image bytes (PNG, JPEG, BMP, .npy) as the
 *       body: 200 with the upscaled image, the same pixels as {@code linf upscale} with the same
 *       arguments; errors as {@code {"error": "..."}} with 400 (bad parameters, empty body), 413
 *       (body or claimed pixels over the limits, judged from the header before decoding), 415
 *       (unknown format), 422 (undecodable), 503 with Retry-After (queue full), 504 (timeout: the
 *       work is cancelled);</li>
 *   <li>{@code GET /health}: the model's description as JSON;</li>
 *   <li>{@code GET /metrics}: Prometheus text.</li>
 * </ul>
 *
 * One model is shared by all requests; at most {@link ServiceConfig#maxConcurrent()} upscales run
 * at once, each on {@link ServiceConfig#threadsPerUpscale()} kernel threads.
 */
public final class UpscaleService implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService requests;
    /** Closes the connections of clients that stall while sending their body past the deadline. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "linf-service-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final ServiceConfig config;
    private final Admission admission;
    private final Metrics metrics;
    private final UpscaleHandler upscale;
    private final String health;

    private UpscaleService(ModelRunner model, ServiceConfig config) throws IOException {
        this.config = config;
        this.admission = new Admission(config.maxConcurrent(), config.maxQueue());
        this.metrics = new Metrics(admission::waiting, admission::running);
        ModelRunner runner = model.withThreads(config.threadsPerUpscale());
        this.upscale = new UpscaleHandler(config, admission, metrics, runner, watchdog);
        this.health = "{\"status\": \"ok\", \"model\": " + HttpError.json(runner.describe()) + ", \"max_concurrent\": "
                + config.maxConcurrent() + ", \"threads_per_upscale\": " + config.threadsPerUpscale() + "}";
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        this.requests = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(requests);
        server.createContext("/v1/upscale", upscale::handle);
        server.createContext("/health", ex -> simple(ex, "application/json", health));
        server.createContext("/metrics", ex -> simple(ex, "text/plain; version=0.0.4; charset=utf-8", metrics.text()));
        server.createContext("/", ex -> {
            long t0 = System.nanoTime();
            UpscaleHandler.error(ex, new HttpError(404, "no such path; use POST /v1/upscale, GET /health or GET /metrics"));
            metrics.request("404", System.nanoTime() - t0);
        });
    }

    /**
     * Starts a service for {@code model} (its kernels; threads from the config).
     *
     * @param model the model and kernels to serve
     * @param config limits and address
     * @return the running service
     * @throws IOException when the address cannot be bound
     */
    public static UpscaleService start(ModelRunner model, ServiceConfig config) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        UpscaleService s = new UpscaleService(model, config);
        s.server.start();
        return s;
    }

    /**
     * The address actually bound (the port chosen when the config asked for 0).
     *
     * @return host and port
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * The base URL, e.g. {@code http://127.0.0.1:8080}.
     *
     * @return the URL
     */
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /**
     * Stops accepting requests and waits for those in flight, at most {@code grace}.
     *
     * @param grace the longest wait
     */
    public void shutdown(Duration grace) {
        server.stop((int) Math.max(1, Math.min(Integer.MAX_VALUE, grace.toSeconds())));
        requests.shutdown();
        watchdog.shutdownNow();
    }

    /** Stops at once (requests in flight are cut off). */
    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
        watchdog.shutdownNow();
    }

    private void simple(HttpExchange ex, String type, String body) throws IOException {
        long t0 = System.nanoTime();
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                UpscaleHandler.error(ex, new HttpError(405, "use GET"));
                metrics.request("405", System.nanoTime() - t0);
                return;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
            metrics.request("200", System.nanoTime() - t0);
        }
    }

    /** {@return the limits this service runs with} */
    public ServiceConfig config() {
        return config;
    }
}
