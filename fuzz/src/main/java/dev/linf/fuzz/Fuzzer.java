package dev.linf.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A seeded mutational fuzzer: mutates a target's seeds, has the reader read each mutant from a
 * file, and keeps every input that ends in anything but success or a documented refusal (another
 * exception, an {@link Error} such as running out of memory or the stack, or more than
 * {@link #LIMIT_SECONDS} seconds) as a finding, named by its SHA-256, for the regression corpus.
 *
 * <pre>
 * java -Xmx512m -jar fuzz/target/linf-fuzz.jar [--target pth|safetensors|png|jpeg|bmp|npy|all]
 *      [--seconds 60] [--seed N] [--findings fuzz/findings] [--golden testdata/golden]
 * </pre>
 */
public final class Fuzzer {
    /** Longest a reader may take on one input. */
    static final int LIMIT_SECONDS = 5;

    private Fuzzer() {
    }

    /** How one input ended. */
    enum Result { LOADED, REFUSED, FINDING }

    /** How one input ended, with what happened for a finding. */
    record Outcome(Result result, String detail) {
    }

    /** What a run did. */
    record Report(String target, long executions, long loaded, long refused, List<String> findings, double seconds) {
        String line() {
            return String.format(Locale.ROOT, "%-12s %8d inputs in %6.1f s (%6.0f/s): %d loaded, %d refused, %d findings",
                    target, executions, seconds, executions / Math.max(1e-9, seconds), loaded, refused, findings.size());
        }
    }

    /**
     * Fuzzes {@code target} until {@code maxInputs} inputs or {@code maxSeconds} have passed,
     * whichever is first; findings are written to {@code findings/<target>/}.
     */
    static Report run(Target target, long seed, long maxInputs, double maxSeconds, Path findings, Path work)
            throws IOException {
        Random random = new Random(seed);
        Mutator mutator = new Mutator(random);
        Checker checker = new Checker(work);
        List<String> found = new ArrayList<>();
        long loaded = 0;
        long refused = 0;
        long n = 0;
        long t0 = System.nanoTime();
        try {
            while (n < maxInputs && (System.nanoTime() - t0) / 1e9 < maxSeconds) {
                byte[] seedInput = target.seeds().get(random.nextInt(target.seeds().size()));
                byte[] input = target.mutate(seedInput, mutator, random);
                Outcome o = checker.check(target, input);
                n++;
                switch (o.result()) {
                    case LOADED -> loaded++;
                    case REFUSED -> refused++;
                    case FINDING -> {
                        Path dir = Files.createDirectories(findings.resolve(target.name()));
                        Path file = dir.resolve(sha256(input) + "." + target.extension());
                        Files.write(file, input);
                        found.add(file + ": " + o.detail());
                    }
                }
            }
        } finally {
            checker.close();
        }
        return new Report(target.name(), n, loaded, refused, found, (System.nanoTime() - t0) / 1e9);
    }

    /** Reads inputs on a worker thread so that a hang is seen (and the worker abandoned). */
    static final class Checker implements AutoCloseable {
        private final Path work;
        private ExecutorService worker = newWorker();

        Checker(Path work) {
            this.work = work;
        }

        Outcome check(Target target, byte[] input) throws IOException {
            Path file = work.resolve("input." + target.extension());
            Files.write(file, input);
            return check(target, file);
        }

        Outcome check(Target target, Path file) {
            Future<?> f = worker.submit(() -> {
                target.read(file);
                return null;
            });
            try {
                f.get(LIMIT_SECONDS, TimeUnit.SECONDS);
                return new Outcome(Result.LOADED, "");
            } catch (TimeoutException e) {
                f.cancel(true);
                worker.shutdownNow();
                worker = newWorker();
                return new Outcome(Result.FINDING, "took more than " + LIMIT_SECONDS + " s");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                for (Class<? extends Throwable> ok : target.documented()) {
                    if (ok.isInstance(cause)) {
                        String msg = String.valueOf(cause.getMessage());
                        return msg.contains("\n") ? new Outcome(Result.FINDING, "message of several lines: " + msg)
                                : new Outcome(Result.REFUSED, msg);
                    }
                }
                return new Outcome(Result.FINDING, String.valueOf(cause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private static ExecutorService newWorker() {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fuzz-reader");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void close() {
            worker.shutdownNow();
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Long runs: {@code --seconds} per target (default 60), from {@code --seed} (default: the
     * time), findings to {@code --findings} (default fuzz/findings). Exit status 1 when anything
     * was found.
     *
     * @param args the options above
     * @throws IOException when the work folder cannot be written
     */
    public static void main(String[] args) throws IOException {
        String targetName = "all";
        double seconds = 60;
        long seed = System.nanoTime();
        Path findings = Path.of("fuzz/findings");
        Path golden = Path.of("testdata/golden");
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--target" -> targetName = value;
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--findings" -> findings = Path.of(value);
                case "--golden" -> golden = Path.of(value);
                default -> {
                    System.err.println("usage: linf-fuzz [--target pth|safetensors|png|jpeg|bmp|npy|all] [--seconds S]"
                            + " [--seed N] [--findings DIR] [--golden testdata/golden]");
                    System.exit(2);
                }
            }
        }
        List<Target> targets = targetName.equals("all") ? Targets.all(golden) : List.of(Targets.byName(targetName, golden));
        Path work = Files.createTempDirectory("linf-fuzz");
        int total = 0;
        System.out.println("seed " + seed + ", " + seconds + " s per target, heap " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MB");
        for (Target t : targets) {
            Report r = run(t, seed, Long.MAX_VALUE, seconds, findings, work);
            System.out.println(r.line());
            r.findings().forEach(f -> System.out.println("  " + f));
            total += r.findings().size();
        }
        System.exit(total == 0 ? 0 : 1);
    }
}
