package dev.linf.service;

import java.time.Duration;

/**
 * How an {@link UpscaleService} admits and bounds work.
 *
 * @param host the address to listen on (loopback by default)
 * @param port the port; 0 picks a free one
 * @param threads kernel threads in all, shared out among the upscales running at once
 * @param maxConcurrent upscales running at once
 * @param maxQueue requests waiting for a free slot; more are turned away with 503
 * @param maxInputPixels largest input, by the pixels its header claims
 * @param maxOutputPixels largest output
 * @param timeout longest a request may take from arrival to its answer (504 past it, the work cancelled)
 */
public record ServiceConfig(String host, int port, int threads, int maxConcurrent, int maxQueue,
        long maxInputPixels, long maxOutputPixels, Duration timeout) {

    /**
     * Checks every limit.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public ServiceConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be given");
        }
        require(port >= 0 && port <= 65535, "port must be 0-65535, got " + port);
        require(threads >= 1, "threads must be at least 1, got " + threads);
        require(maxConcurrent >= 1, "max-concurrent must be at least 1, got " + maxConcurrent);
        require(maxQueue >= 0, "max-queue must be at least 0, got " + maxQueue);
        require(maxInputPixels >= 1, "max-input-pixels must be at least 1, got " + maxInputPixels);
        require(maxOutputPixels >= 1, "max-output-pixels must be at least 1, got " + maxOutputPixels);
        require(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
    }

    /**
     * Loopback on port 8080, one kernel thread per processor, two upscales at once, 16 waiting,
     * inputs up to 4 megapixels, outputs up to 64 megapixels, 120 s per request.
     *
     * @return the defaults
     */
    public static ServiceConfig defaults() {
        return new ServiceConfig("127.0.0.1", 8080, Runtime.getRuntime().availableProcessors(), 2, 16, 4_000_000L,
                64_000_000L, Duration.ofSeconds(120));
    }

    /**
     * Largest request body accepted: what the largest input could take in any supported format
     * (a .npy of float64 samples, 24 bytes per pixel) plus room for headers and metadata.
     *
     * @return bytes
     */
    public long maxBodyBytes() {
        return Math.min(Integer.MAX_VALUE - 8, maxInputPixels * 24 + (1 << 20));
    }

    /**
     * Kernel threads per running upscale: the threads shared out evenly among the slots.
     *
     * @return at least 1
     */
    public int threadsPerUpscale() {
        return Math.max(1, threads / maxConcurrent);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
