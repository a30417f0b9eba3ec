package dev.linf.cli;

import dev.linf.errors.InvalidInputException;
import dev.linf.image.Images;
import dev.linf.io.Npy;
import dev.linf.tensor.Tensor;
import dev.linf.weights.CheckpointException;
import dev.linf.weights.Checkpoints;
import dev.linf.model.LinfModel;
import dev.linf.runner.ModelRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reading the CLI's inputs and checking its outputs, with failures mapped to exit codes. */
final class Inputs {
    private Inputs() {
    }

    static boolean isNpy(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /** An image file or a (3, H, W) float32 .npy, as a tensor in [0, 1]. */
    static Tensor image(Path file) {
        try {
            if (!isNpy(file)) {
                return Images.read(file);
            }
            Tensor t = array(file);
            if (t.rank() != 3 || t.dim(0) != 3 || t.dim(1) < 1 || t.dim(2) < 1) {
                throw new CliFailure(ExitCodes.INPUT, file, "array has shape " + java.util.Arrays.toString(t.shape())
                        + ", expected (3, H, W) with H, W >= 1");
            }
            for (float v : t.data()) {
                if (!Float.isFinite(v)) {
                    throw new CliFailure(ExitCodes.INPUT, file, "array holds NaN or infinite values");
                }
            }
            return t;
        } catch (InvalidInputException e) {
            throw new CliFailure(ExitCodes.INPUT, file, e.problem());
        }
    }

    /** A float32 .npy array. */
    static Tensor array(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(ExitCodes.INPUT, file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        try {
            return Npy.read(file);
        } catch (InvalidInputException e) {
            throw new CliFailure(ExitCodes.INPUT, file, e.problem());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.INPUT, file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * The model in {@code weights} (or the bundled default model when it is null) on the fastest
     * kernels this JVM offers, with {@code threads} threads (0: one per processor).
     */
    static ModelRunner model(Path weights, int threads) {
        ModelRunner run = ModelRunner.of(load(weights));
        return threads > 0 ? run.withThreads(threads) : run;
    }

    private static LinfModel load(Path weights) {
        if (weights == null) {
            return dev.linf.weights.DefaultModel.get().orElseThrow(() -> new CliFailure(ExitCodes.MODEL, null,
                    "no default model is bundled in this build", "pass --weights FILE"));
        }
        try {
            return Checkpoints.load(weights);
        } catch (CheckpointException e) {
            throw new CliFailure(ExitCodes.MODEL, weights, e.problem());
        }
    }

    /** Fails early, before any computation, if {@code out} cannot be written as asked. */
    static void checkWritable(Path out, boolean allowNpy) {
        if (!(allowNpy && isNpy(out)) && Images.formatOf(out) == null) {
            throw new CliFailure(ExitCodes.USAGE, out, "unknown output type",
                    "use .png, .jpg, .bmp" + (allowNpy ? " or .npy" : ""));
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliFailure(ExitCodes.OUTPUT, out, "folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new CliFailure(ExitCodes.OUTPUT, out, "folder " + dir + " is not writable");
        }
        if (Files.isDirectory(out)) {
            throw new CliFailure(ExitCodes.OUTPUT, out, "is a folder");
        }
    }

    /** Writes an image or .npy atomically; a failure leaves no partial file. */
    static void write(Path out, java.awt.image.BufferedImage image, float jpegQuality, byte[] iccProfile) {
        try {
            Images.write(out, image, jpegQuality, iccProfile);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.OUTPUT, out, "cannot be written (" + e.getMessage() + ")");
        }
    }

    static void write(Path out, Tensor image) {
        try {
            if (isNpy(out)) {
                Npy.write(out, image);
            } else {
                Images.write(out, image);
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.OUTPUT, out, "cannot be written (" + e.getMessage() + ")");
        }
    }
}
