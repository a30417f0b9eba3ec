package dev.linf.weights;

import dev.linf.model.LinfModel;
import dev.linf.weights.arch.ModelAssembler;
import dev.linf.weights.pth.TorchZipReader;
import dev.linf.weights.safetensors.SafetensorsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
