package dev.linf.weights;

import dev.linf.errors.LinfException;
import java.nio.file.Path;

/**
 * A checkpoint that cannot be loaded: not a supported format, corrupt or truncated, hostile
 * (a pickle naming a forbidden global, tensors running past their storage), or weights that do
 * not fit a supported architecture. The message names the file and the first problem found.
 */
public final class CheckpointException extends LinfException {
    /**
     * A checkpoint that cannot be loaded.
     *
     * @param file the checkpoint
     * @param problem what is wrong
     */
    public CheckpointException(Path file, String problem) {
        super(file, problem);
    }

    /**
     * A checkpoint that cannot be loaded, with the failure behind it.
     *
     * @param file the checkpoint
     * @param problem what is wrong
     * @param cause the failure
     */
    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
