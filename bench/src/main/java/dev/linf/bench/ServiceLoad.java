package dev.linf.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A bounded load test of {@code linf serve} (run by {@code scripts/serve-load-test.sh}): a fixed
 * number of requests from a fixed number of clients, then it stops. Every {@code --bad}-th request
 * carries a body that is not an image; {@code --warmup} requests go first, one at a time, and are
 * not counted. Prints throughput, p50/p99 latency of the answered
 * upscales, and the count of each status.
 *
 * <pre>
 * java -cp bench/target/linf-bench.jar dev.linf.bench.ServiceLoad --url http://127.0.0.1:8080
 *      [--requests 40] [--clients 4] [--size 64] [--scale 2] [--bad 0] [--warmup 0]
 * </pre>
 */
public final class ServiceLoad {
    private ServiceLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        int requests = 40;
        int clients = 4;
        int size = 64;
        String scale = "2";
        int bad = 0;
        int warmup = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--requests" -> requests = Integer.parseInt(args[i + 1]);
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--size" -> size = Integer.parseInt(args[i + 1]);
                case "--scale" -> scale = args[i + 1];
                case "--bad" -> bad = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || !URI.create(url).getHost().matches("127\\.0\\.0\\.1|localhost|\\[?::1\\]?")) {
            throw new IllegalArgumentException("--url must be a loopback address");
        }
        byte[] image = png(size);
        String target = url + "/v1/upscale?scale=" + scale;
        for (int w = 0; w < warmup; w++) { // one client, not counted: the server's JIT warms up
            post(target, image);
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> statuses = Collections.synchronizedMap(new TreeMap<>());
        AtomicInteger next = new AtomicInteger();
        final int total = requests;
        final int badEvery = bad;
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    for (int n; (n = next.getAndIncrement()) < total;) {
                        boolean junk = badEvery > 0 && n % badEvery == badEvery - 1;
                        long s = System.nanoTime();
                        String status = post(target, junk ? "not an image".getBytes() : image);
                        long ns = System.nanoTime() - s;
                        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        if (status.equals("200")) {
                            latencies.add(ns);
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%d requests, %d clients, %dx%d PNG x%s: %.1f s, %.2f upscales/s%n", total, clients,
                size, size, scale, seconds, sorted.size() / seconds);
        if (!sorted.isEmpty()) {
            System.out.printf(Locale.ROOT, "latency of the 200s: p50 %.2f s, p99 %.2f s, max %.2f s%n",
                    percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.getLast() / 1e9);
        }
        System.out.println("statuses: " + statuses);
    }

    private static double percentile(List<Long> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e9;
    }

    private static String post(String url, byte[] body) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            c.setReadTimeout(600_000);
            try (OutputStream o = c.getOutputStream()) {
                o.write(body);
            }
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return String.valueOf(status);
        } catch (IOException e) {
            return "io-error";
        }
    }

    private static byte[] png(int size) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = (int) (127 + 60 * Math.sin(x / 5.0) * Math.cos(y / 7.0)) + r.nextInt(9);
                img.setRGB(x, y, v << 16 | (255 - v) << 8 | (v / 2 + 40));
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        return b.toByteArray();
    }
}
