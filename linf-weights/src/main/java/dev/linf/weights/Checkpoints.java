package dev.linf.weights;

import dev.linf.errors.OutputException;
import dev.linf.io.AtomicFiles;
import dev.linf.model.LinfModel;
import dev.linf.weights.arch.ModelAssembler;
import dev.linf.weights.pth.TorchZipReader;
import dev.linf.weights.safetensors.Json;
import dev.linf.weights.safetensors.SafetensorsReader;
import dev.linf.weights.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads LINF checkpoints: official PyTorch {@code .pth} files (zip format) and safetensors,
 * told apart by their first bytes, not their names. Loading never runs or instantiates anything
 * a file names.
 *
 * <pre>{@code
 * LinfModel model = Checkpoints.load(Path.of("edsr-baseline-linf.pth"));
 * }</pre>
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    /**
     * Reads a checkpoint and builds the model its tensors describe.
     *
     * @param file a .pth or .safetensors file
     * @return the model
     * @throws CheckpointException naming the file and the first problem
     */
    public static LinfModel load(Path file) {
        StateDict sd = read(file);
        return guarded(file, () -> ModelAssembler.assemble(sd));
    }

    /**
     * Reads the tensors and spec of a checkpoint without building a model.
     *
     * @param file a .pth or .safetensors file
     * @return its tensors and spec
     * @throws CheckpointException naming the file and the first problem
     */
    public static StateDict read(Path file) {
        StateDict sd = guarded(file, () -> readTensors(file));
        requireFinite(sd);
        return sd;
    }

    /**
     * Runs a step on an untrusted file so that whatever it throws becomes a
     * {@link CheckpointException} naming the file: the readers check what they know of, and
     * anything they missed (found by fuzzing, kept as a regression case) is still the file's fault,
     * reported as such rather than as a crash.
     */
    private static <T> T guarded(Path file, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (CheckpointException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "unreadable checkpoint (" + e + "; please report this file)", e);
        } catch (StackOverflowError e) {
            throw new CheckpointException(file, "structure nests too deeply");
        } catch (OutOfMemoryError e) {
            throw new CheckpointException(file, "does not fit in this JVM's heap (raise -Xmx)");
        }
    }

    private static StateDict readTensors(Path file) {
        if (!Files.isRegularFile(file)) {
            // A FIFO or device would block or never end; a folder is not a checkpoint.
            throw new CheckpointException(file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CheckpointException(file, "no such file");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return TorchZipReader.read(file);
        }
        if (head.length == 9 && head[8] == '{') {
            return SafetensorsReader.read(file);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x80) {
            throw new CheckpointException(file, "legacy (pre-1.6) PyTorch format is not supported;"
                    + " re-save it with torch.save(obj, path) from PyTorch 1.6 or newer");
        }
        if (head.length == 0) {
            throw new CheckpointException(file, "file is empty");
        }
        throw new CheckpointException(file, "not a PyTorch .pth (zip) or safetensors checkpoint");
    }

    /**
     * Converts a checkpoint (an official {@code .pth}, or safetensors) into a safetensors file that
     * loads without pickle: every tensor of its state dict under its official name, float32 (or
     * float16 storage, widened back at load), with {@code __metadata__} holding the model spec
     * ({@code name}; {@code args} as JSON), the source file's name and SHA-256, and the storage
     * dtype. The input is loaded and its model built first, so a hostile or unrecognised file fails
     * exactly as loading it does; the output is written to a temporary file and renamed, then read
     * back with the strict reader.
     *
     * @param input the checkpoint to convert
     * @param output the .safetensors file to write
     * @param fp16 store half precision (about half the size)
     * @param overwrite replace {@code output} if it exists (refused otherwise)
     * @return the written file's state dict, as read back
     * @throws CheckpointException when the input cannot be loaded, or a value does not fit in half precision
     * @throws OutputException when the output exists (without {@code overwrite}) or cannot be written
     */
    public static StateDict convert(Path input, Path output, boolean fp16, boolean overwrite) {
        StateDict sd = read(input);
        LinfModel model = guarded(input, () -> ModelAssembler.assemble(sd));
        if (!overwrite && Files.exists(output)) {
            throw new OutputException(output, "already exists (pass --overwrite to replace it)", null);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("name", sd.spec().name() != null ? sd.spec().name() : model.patchSize() > 1 ? "linf-patch" : "linf");
        metadata.put("args", Json.write(!sd.spec().args().isEmpty() ? sd.spec().args()
                : Map.of("encoder_spec", Map.of("name", model.encoder().name()))));
        metadata.put("source_file", String.valueOf(input.getFileName()));
        metadata.put("source_sha256", sha256(input));
        metadata.put("dtype", fp16 ? "F16 (weight matrices; small tensors and the flow F32)" : "F32");
        metadata.put("converted_by", "linf convert");
        try {
            AtomicFiles.write(output, out -> SafetensorsWriter.write(out, sd.tensors(), metadata,
                    name -> fp16 && halfPrecision(name, sd.get(name))));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(input, e.getMessage());
        } catch (IOException e) {
            throw new OutputException(output, "cannot be written (" + e.getMessage() + ")", e);
        }
        return read(output);
    }

    /**
     * Which tensors {@code --fp16} stores in half precision: the weight matrices and kernels, which
     * are nearly all of the bytes. Biases, norms and other small tensors, and the flow's layers
     * (whose errors the sampling temperature amplifies), stay float32 at a cost of well under 1%.
     */
    static boolean halfPrecision(String name, dev.linf.tensor.Tensor t) {
        return t.rank() >= 2 && t.numel() >= 4096 && !name.startsWith("imnet.");
    }

    /**
     * The SHA-256 of a checkpoint file, in hex: what a converted file records as its source, and
     * what identifies weights by content (the Spark job's per-executor model cache).
     *
     * @param file the file
     * @return 64 hex digits
     * @throws CheckpointException when the file cannot be read
     */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Weights holding NaN or infinity would turn every output pixel into NaN: refused by name. */
    private static void requireFinite(StateDict sd) {
        for (var e : sd.tensors().entrySet()) {
            float[] data = e.getValue().data();
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    throw new CheckpointException(sd.file(), "tensor " + e.getKey() + " holds " + data[i]
                            + " at element " + i + "; weights must be finite");
                }
            }
        }
    }
}
