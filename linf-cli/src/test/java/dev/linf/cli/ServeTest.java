package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.service.ServiceConfig;
import dev.linf.service.UpscaleService;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code linf serve} on an ephemeral loopback port: the same bytes as {@code linf upscale}, every
 * error status, queue overflow, a client that vanishes mid-body, and SIGTERM with work in flight.
 */
class ServeTest extends CliTestBase {
    @TempDir
    Path dir;

    private UpscaleService service;

    /** An HTTP answer: status, headers, body. */
    record Response(int statusCode, java.util.Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey())).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    /** A request with java.net's own client (the module reads nothing more). */
    static Response send(String method, String url, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5000);
        c.setReadTimeout(180_000);
        if (body != null) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream o = c.getOutputStream()) {
                o.write(body);
            }
        }
        int status = c.getResponseCode();
        java.io.InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        byte[] b = in == null ? new byte[0] : in.readAllBytes();
        return new Response(status, c.getHeaderFields(), b);
    }

    static CompletableFuture<Response> sendAsync(String url, byte[] body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send("POST", url, body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private UpscaleService start(int concurrent, int queue, long maxIn, long maxOut, Duration timeout) throws IOException {
        service = UpscaleService.start(Inputs.model(null, 2),
                new ServiceConfig("127.0.0.1", 0, 2, concurrent, queue, maxIn, maxOut, timeout));
        return service;
    }

    private Response post(String query, byte[] body) throws IOException {
        return send("POST", service.url() + "/v1/upscale" + query, body);
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        return b.toByteArray();
    }

    private static BufferedImage noise(int w, int h, int type, long seed) {
        BufferedImage img = new BufferedImage(w, h, type);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return img;
    }

    @Test
    void answersEqualTheCliOutputsByteForByte() throws Exception {
        start(2, 4, 4_000_000, 64_000_000, Duration.ofSeconds(60));
        BufferedImage[] kinds = {noise(23, 17, BufferedImage.TYPE_INT_RGB, 1), noise(19, 13, BufferedImage.TYPE_INT_ARGB, 2),
            noise(16, 11, BufferedImage.TYPE_USHORT_GRAY, 3), noise(15, 12, BufferedImage.TYPE_BYTE_GRAY, 4)};
        String[][] cases = {{"?scale=2", "png", ""}, {"?scale=2.37&temperature=0.7&seed=5", "png", "-t 0.7 --seed 5 --scale 2.37"},
            {"?width=40", "png", "--size 40x"}, {"?scale=2&format=jpeg", "jpg", ""}, {"?scale=2&format=npy", "npy", ""}};
        int i = 0;
        for (BufferedImage img : kinds) {
            Path in = dir.resolve("in" + i + ".png");
            ImageIO.write(img, "png", in.toFile());
            for (String[] c : cases) {
                Response r = post(c[0], Files.readAllBytes(in));
                assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
                Path out = dir.resolve("cli" + i++ + "." + c[1]);
                List<Object> args = new ArrayList<>(List.of("upscale", in, "-o", out, "--quiet"));
                if (c[2].isEmpty()) {
                    args.addAll(List.of("--scale", "2"));
                } else {
                    args.addAll(List.of(c[2].split(" ")));
                }
                assertEquals(0, linf(args.toArray()), err);
                assertArrayEquals(Files.readAllBytes(out), r.body(), c[0] + " on image kind " + img.getType());
            }
        }
        // A .npy body: the CLI's array path, to an array and to a PNG.
        Path npyIn = dir.resolve("in.npy");
        assertEquals(0, linf("upscale", dir.resolve("in0.png"), "-o", npyIn, "--scale", "1", "--quiet"));
        for (String[] c : new String[][] {{"", "npy"}, {"&format=png", "png"}}) {
            Response r = post("?scale=3" + c[0], Files.readAllBytes(npyIn));
            Path out = dir.resolve("npy-cli." + c[1]);
            assertEquals(0, linf("upscale", npyIn, "-o", out, "--scale", "3", "--quiet", "--overwrite"), err);
            assertArrayEquals(Files.readAllBytes(out), r.body(), "npy body" + c[0]);
        }
    }

    private void assertError(Response r, int status, String words) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.statusCode(), body);
        assertTrue(body.startsWith("{\"error\": \"") && body.contains(words), body);
        assertEquals("application/json", r.header("Content-Type"));
    }

    @Test
    void everyErrorHasItsStatusAndAJsonReason() throws Exception {
        start(1, 1, 2_000, 20_000, Duration.ofSeconds(60));
        byte[] small = png(noise(20, 15, BufferedImage.TYPE_INT_RGB, 5));
        assertError(post("?scale=abc", small), 400, "scale must be a number");
        assertError(post("?scale=0", small), 400, "scale");
        assertError(post("?colour=red", small), 400, "unknown parameter");
        assertError(post("?format=gif", small), 400, "format must be");
        assertError(post("?temperature=-1", small), 400, "temperature");
        assertError(post("?scale=2&width=10", small), 400, "not both");
        assertError(post("?scale=2", new byte[0]), 400, "empty");
        assertError(post("?scale=2", "hello, not an image".getBytes(StandardCharsets.UTF_8)), 415, "not a PNG");
        assertError(post("?scale=2", java.util.Arrays.copyOf(small, 20)), 422, "header");
        assertError(post("?scale=2", png(noise(60, 40, BufferedImage.TYPE_INT_RGB, 6))), 413, "more than the limit of 2000");
        assertError(post("?scale=20", small), 413, "output would have 400x300");
        byte[] huge = new byte[(int) service.config().maxBodyBytes() + 10];
        huge[0] = (byte) 0x89;
        assertError(post("?scale=2", huge), 413, "bytes");
        Response get = send("GET", service.url() + "/v1/upscale", null);
        assertError(get, 405, "POST");
        Response none = send("GET", service.url() + "/nothing", null);
        assertError(none, 404, "no such path");
        String metrics = text("/metrics");
        for (String status : new String[] {"400", "404", "405", "413", "415", "422"}) {
            assertTrue(metrics.contains("linf_requests_total{status=\"" + status + "\"}"), metrics);
        }
        assertTrue(!metrics.contains("status=\"500\""), metrics);
        assertTrue(text("/health").contains("\"status\": \"ok\""));
    }

    private String text(String path) throws IOException {
        Response r = send("GET", service.url() + path, null);
        assertEquals(200, r.statusCode());
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aFullQueueGets503WithRetryAfterAndATimeoutGets504() throws Exception {
        start(1, 1, 4_000_000, 64_000_000, Duration.ofSeconds(60));
        byte[] slow = png(noise(96, 96, BufferedImage.TYPE_INT_RGB, 7));
        List<CompletableFuture<Response>> burst = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            burst.add(sendAsync(service.url() + "/v1/upscale?scale=4", slow));
        }
        int ok = 0;
        int busy = 0;
        for (var f : burst) {
            Response r = f.get(120, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertError(r, 503, "busy");
                assertNotNull(r.header("Retry-After"));
                busy++;
            }
        }
        assertTrue(ok >= 2 && busy >= 1 && ok + busy == 6, ok + " answered, " + busy + " turned away");
        service.close();
        start(1, 4, 4_000_000, 64_000_000, Duration.ofMillis(300));
        long t0 = System.nanoTime();
        // 504 whether the deadline passes while waiting for the slot or while computing (then cancelled).
        assertError(post("?scale=4", png(noise(160, 160, BufferedImage.TYPE_INT_RGB, 8))), 504, "timeout of");
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "cancelled promptly");
        assertTrue(text("/metrics").contains("linf_in_flight 0"));
    }

    @Test
    void aClientThatVanishesMidBodyCostsNothing() throws Exception {
        start(1, 1, 4_000_000, 64_000_000, Duration.ofSeconds(60));
        byte[] img = png(noise(30, 20, BufferedImage.TYPE_INT_RGB, 9));
        try (Socket s = new Socket("127.0.0.1", service.address().getPort())) {
            OutputStream o = s.getOutputStream();
            o.write(("POST /v1/upscale?scale=2 HTTP/1.1\r\nHost: x\r\nContent-Length: " + img.length * 10
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.write(img, 0, img.length / 2);
            o.flush();
        }
        for (int k = 0; k < 100 && !text("/metrics").contains("linf_requests_total{status=\"client_closed\"}"); k++) {
            Thread.sleep(50);
        }
        String metrics = text("/metrics");
        assertTrue(metrics.contains("linf_requests_total{status=\"client_closed\"} 1"), metrics);
        assertEquals(200, post("?scale=2", img).statusCode(), "the service still answers");
        assertTrue(text("/metrics").contains("linf_queue_depth 0"));
    }

    @Test
    void aClientThatStallsMidBodyIsCutOffAtTheTimeout() throws Exception {
        start(1, 0, 4_000_000, 64_000_000, Duration.ofSeconds(1));
        byte[] img = png(noise(30, 20, BufferedImage.TYPE_INT_RGB, 11));
        try (Socket s = new Socket("127.0.0.1", service.address().getPort())) {
            OutputStream o = s.getOutputStream();
            o.write(("POST /v1/upscale?scale=2 HTTP/1.1\r\nHost: x\r\nContent-Length: " + img.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.write(img, 0, 10);
            o.flush();
            Thread.sleep(300); // let the server admit it before the next request
            // The only slot is held by the stalled client until its deadline; then it is freed.
            assertError(post("?scale=2", img), 503, "busy");
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read(), "the server closed the stalled connection");
        }
        for (int k = 0; k < 100 && !text("/metrics").contains("linf_requests_total{status=\"body_timeout\"}"); k++) {
            Thread.sleep(50); // the handler counts it just after closing the connection
        }
        assertTrue(text("/metrics").contains("linf_requests_total{status=\"body_timeout\"} 1"));
        assertEquals(200, post("?scale=2", img).statusCode(), "the slot is free again");
    }

    @Test
    void sigtermFinishesTheWorkInFlightThenExitsZero() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), LinfCli.class.getName(), "serve", "--port", "0", "--threads", "2"))
                .redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the server printed its address");
            assertTrue(line.matches("listening on http://127\\.0\\.0\\.1:\\d+"), line);
            String url = line.substring("listening on ".length());
            byte[] img = png(noise(120, 120, BufferedImage.TYPE_INT_RGB, 10));
            var inFlight = sendAsync(url + "/v1/upscale?scale=4", img);
            for (int k = 0; k < 200; k++) {
                String m = new String(send("GET", url + "/metrics", null).body(), StandardCharsets.UTF_8);
                if (m.contains("linf_in_flight 1")) {
                    break;
                }
                Thread.sleep(25);
            }
            p.destroy(); // SIGTERM
            Response r = inFlight.get(120, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), "the request in flight was finished");
            assertEquals(480, ImageIO.read(new java.io.ByteArrayInputStream(r.body())).getWidth());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exited");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        } finally {
            p.destroyForcibly();
        }
    }
}
