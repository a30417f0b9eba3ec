package dev.linf.spark;

import dev.linf.Upscaler;
import dev.linf.errors.LinfException;
import dev.linf.image.Picture;
import dev.linf.io.AtomicFiles;
import dev.linf.model.LinfModel;
import dev.linf.weights.Checkpoints;
import dev.linf.weights.DefaultModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * LINF on Apache Spark: upscales a Dataset of {@code binaryFile} rows (path, content) on the
 * executors, with the same results as {@code linf upscale}. The model is loaded once per executor
 * JVM (keyed by the weights' content) and runs on as many kernel threads as a task has cores
 * ({@code spark.task.cpus}). A bad image becomes a row with an error, never a failed job. Outputs
 * are written to a temporary file and renamed, so a retried or speculative task never leaves a
 * partial or duplicate file; existing outputs are skipped unless {@code overwrite}.
 */
public final class LinfSpark {
    /** Models loaded in this JVM (immutable, shared by its tasks), by the weights' content. */
    private static final Map<String, LinfModel> MODELS = new ConcurrentHashMap<>();

    /** The result rows' schema. */
    public static final StructType RESULT = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("output", DataTypes.StringType, true)
            .add("bytes", DataTypes.BinaryType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("seconds", DataTypes.DoubleType, false)
            .add("skipped", DataTypes.BooleanType, false)
            .add("error", DataTypes.StringType, true);

    private LinfSpark() {
    }

    /**
     * Upscales every row of {@code files} (a {@code binaryFile} Dataset: {@code path}, {@code content}).
     *
     * @param files the inputs
     * @param options what to do with each
     * @param done counts finished files (for the driver's progress), or null
     * @return one row per input: path, output (the written path) or bytes, width, height, seconds,
     *     skipped, error (null when fine)
     */
    public static Dataset<Row> upscale(Dataset<Row> files, UpscaleOptions options, LongAccumulator done) {
        return files.select("path", "content").mapPartitions(
                (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) rows -> {
                    List<Row> out = new ArrayList<>();
                    while (rows.hasNext()) {
                        Row r = rows.next();
                        out.add(one(r.getString(0), (byte[]) r.get(1), options));
                        if (done != null) {
                            done.add(1);
                        }
                    }
                    return out.iterator();
                }, Encoders.row(RESULT));
    }

    /** One file: its output row; any failure of the input is the row's error. */
    static Row one(String path, byte[] content, UpscaleOptions o) {
        long t0 = System.nanoTime();
        Path out = o.outputDir() == null ? null : outputFor(path, o);
        try {
            if (out != null && !o.overwrite() && Files.exists(out)) {
                return RowFactory.create(path, out.toString(), null, null, null, 0.0, true, null);
            }
            Picture in = Picture.read(new ByteArrayInputStream(content));
            int[] size = o.target().resolve(in.height(), in.width());
            String format = out != null ? extension(out) : o.format() != null ? o.format() : "png";
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            upscaler(o).upscale(in, o.target(), bytes, format, null);
            if (out != null) {
                AtomicFiles.write(out, s -> bytes.writeTo(s));
            }
            return RowFactory.create(path, out == null ? null : out.toString(), out == null ? bytes.toByteArray() : null,
                    size[1], size[0], (System.nanoTime() - t0) / 1e9, false, null);
        } catch (LinfException | IllegalArgumentException | IOException e) {
            String msg = e instanceof LinfException le ? le.problem() : e.getMessage();
            return RowFactory.create(path, null, null, null, null, (System.nanoTime() - t0) / 1e9, false, msg);
        }
    }

    /** The output for an input: its file name in the output folder (with the format's extension, if one is given). */
    static Path outputFor(String path, UpscaleOptions o) {
        String file = Path.of(URI.create(path).getPath()).getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        String ext = o.format() != null ? o.format() : dot > 0 ? file.substring(dot + 1) : "png"; // the input's, as is
        return Path.of(o.outputDir()).resolve(stem + "." + ext);
    }

    private static String extension(Path p) {
        String f = p.getFileName().toString();
        String ext = f.substring(f.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "jpg", "jpeg" -> "jpeg";
            case "bmp" -> "bmp";
            default -> "png";
        };
    }

    /** An upscaler for the options on this JVM's model, with as many threads as the task has cores. */
    private static Upscaler upscaler(UpscaleOptions o) {
        TaskContext tc = TaskContext.get();
        int threads = tc == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, tc.cpus());
        LinfModel m = MODELS.computeIfAbsent(o.weightsKey(), k -> o.weights() == null
                ? DefaultModel.get().orElseThrow(() -> new IllegalArgumentException("no default model is bundled"))
                : Checkpoints.load(Path.of(o.weights())));
        return Upscaler.builder().model(m).threads(threads).temperature(o.temperature()).seed(o.seed()).build();
    }
}
