package dev.linf.spark;

import dev.linf.weights.CheckpointException;
import dev.linf.weights.Checkpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The {@code linf-spark} job:
 * {@code upscale INPUT... -o OUTPUT_DIR [--scale S | --size WxH] [-t T] [--seed N] [--weights FILE]
 * [--format png|jpg] [--overwrite] [--master local[2]] [--quiet]}. Inputs are image files, folders
 * of them (PNG, JPEG, BMP) or globs. Exit codes as {@code linf}'s: 0 success, 2 usage, 3 some inputs
 * failed (each listed), 4 the weights cannot be loaded, 5 the output folder cannot be created.
 */
public final class SparkUpscaleJob {
    private static final Pattern SIZE = Pattern.compile("(\\d*)x(\\d*)");
    private static final List<String> IMAGES = List.of(".png", ".jpg", ".jpeg", ".bmp");

    private SparkUpscaleJob() {
    }

    /**
     * Runs the job and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the job; returns the exit status (used by tests). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> inputs = new ArrayList<>();
        String output = null;
        String master = null;
        String weights = null;
        String format = null;
        double scale = 4;
        int width = 0;
        int height = 0;
        float temperature = 0;
        long seed = 0;
        boolean overwrite = false;
        boolean quiet = false;
        int i = 0;
        if (args.length == 0 || !args[0].equals("upscale")) {
            return usage(err, "the command is 'upscale'");
        }
        try {
            for (i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-o", "--output" -> output = args[++i];
                    case "--scale" -> {
                        scale = Double.parseDouble(args[++i]);
                        width = 0;
                        height = 0;
                    }
                    case "--size" -> {
                        Matcher m = SIZE.matcher(args[++i]);
                        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
                            return usage(err, "--size must be WxH, Wx or xH, got '" + args[i] + "'");
                        }
                        width = m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1));
                        height = m.group(2).isEmpty() ? 0 : Integer.parseInt(m.group(2));
                    }
                    case "-t", "--temperature" -> temperature = Float.parseFloat(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--weights" -> weights = args[++i];
                    case "--format" -> format = args[++i].toLowerCase(Locale.ROOT).replace("jpeg", "jpg");
                    case "--master" -> master = args[++i];
                    case "--overwrite" -> overwrite = true;
                    case "-q", "--quiet" -> quiet = true;
                    default -> {
                        if (a.startsWith("-")) {
                            return usage(err, "unknown option " + a);
                        }
                        inputs.add(a);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return usage(err, args[args.length - 1] + " needs a value");
        } catch (NumberFormatException e) {
            return usage(err, "bad number after " + args[i - 1]);
        }
        if (inputs.isEmpty() || output == null) {
            return usage(err, "give INPUT... and -o OUTPUT_DIR");
        }
        String key = "default";
        if (weights != null) {
            try {
                Checkpoints.load(Path.of(weights)); // fail fast on the driver, as linf does
                key = Checkpoints.sha256(Path.of(weights));
            } catch (CheckpointException e) {
                err.println("linf-spark: " + e.getMessage());
                return 4;
            }
        }
        UpscaleOptions options;
        try {
            options = new UpscaleOptions(scale, width, height, temperature, seed,
                    weights == null ? null : Path.of(weights).toAbsolutePath().toString(), key, format,
                    Path.of(output).toAbsolutePath().toString(), overwrite);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        List<String> paths;
        try {
            paths = expand(inputs);
        } catch (IOException e) {
            err.println("linf-spark: " + e.getMessage());
            return 3;
        }
        try {
            Files.createDirectories(Path.of(output));
        } catch (IOException e) {
            err.println("linf-spark: " + output + ": cannot be created (" + e.getMessage() + ")");
            return 5;
        }
        if (paths.isEmpty()) {
            err.println("linf-spark: no input images found");
            return 3;
        }
        SparkSession.Builder b = SparkSession.builder().appName("linf-spark upscale").config("spark.ui.showConsoleProgress", "false");
        if (master == null && System.getProperty("spark.master") == null) {
            master = "local[*]"; // not under spark-submit: this machine's cores
        }
        if (master != null) {
            b.master(master);
        }
        SparkSession spark = b.getOrCreate();
        try {
            return upscale(spark, paths, options, quiet, out, err);
        } finally {
            spark.stop();
        }
    }

    /** Upscales on {@code spark}, printing progress on the driver and every failure at the end. */
    static int upscale(SparkSession spark, List<String> paths, UpscaleOptions options, boolean quiet, PrintStream out,
            PrintStream err) {
        LongAccumulator done = spark.sparkContext().longAccumulator("files upscaled");
        Dataset<Row> files = spark.read().format("binaryFile").load(paths.toArray(String[]::new))
                .repartition(Math.max(1, Math.min(paths.size(), spark.sparkContext().defaultParallelism() * 4)));
        Thread progress = new Thread(() -> {
            try {
                long shown = -1;
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(500);
                    long n = done.value();
                    if (n != shown) { // tasks report when they finish
                        err.printf(Locale.ROOT, "linf-spark: %d / %d files%n", n, paths.size());
                        shown = n;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "linf-spark-progress");
        progress.setDaemon(true);
        if (!quiet) {
            progress.start();
        }
        List<Row> rows;
        try {
            rows = LinfSpark.upscale(files, options, done).drop("bytes").collectAsList();
        } finally {
            progress.interrupt();
        }
        List<String> failures = new ArrayList<>();
        int skipped = 0;
        for (Row r : rows) {
            if (r.getAs("error") != null) {
                failures.add(local(r.getAs("path")) + ": " + r.<String>getAs("error"));
            } else if (r.<Boolean>getAs("skipped")) {
                skipped++;
            }
        }
        out.printf(Locale.ROOT, "linf-spark: %d files: %d upscaled, %d already there (skipped), %d failed%n", rows.size(),
                rows.size() - skipped - failures.size(), skipped, failures.size());
        if (!failures.isEmpty()) {
            err.println("linf-spark: " + failures.size() + " of " + rows.size() + " inputs failed:");
            failures.stream().sorted().forEach(f -> err.println("linf-spark: " + f));
            return 3;
        }
        return 0;
    }

    /** A {@code file:} URI as the local path it names; other URIs as they are. */
    private static String local(String uri) {
        try {
            return uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)).toString() : uri;
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    /** Files as they are, folders as their image files, globs left to Spark. */
    static List<String> expand(List<String> inputs) throws IOException {
        List<String> out = new ArrayList<>();
        for (String in : inputs) {
            Path p = Path.of(in);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile).filter(f -> IMAGES.stream().anyMatch(
                            ext -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                            .sorted().forEach(f -> out.add(f.toAbsolutePath().toUri().toString()));
                }
            } else if (in.contains("*") || in.contains("?") || in.contains("{")) {
                out.add(in);
            } else if (Files.isRegularFile(p)) {
                out.add(p.toAbsolutePath().toUri().toString());
            } else {
                throw new IOException(in + ": no such file");
            }
        }
        return out;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("linf-spark: " + problem + " (usage: linf-spark upscale INPUT... -o OUTPUT_DIR [--scale S | --size WxH]"
                + " [-t T] [--seed N] [--weights FILE] [--format png|jpg] [--overwrite] [--master local[2]] [--quiet])");
        return 2;
    }
}
