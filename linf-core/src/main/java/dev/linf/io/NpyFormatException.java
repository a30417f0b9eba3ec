package dev.linf.io;

import dev.linf.errors.InvalidInputException;
import java.nio.file.Path;

/** A {@code .npy} file that is not a float32 array in the layout we read. */
public final class NpyFormatException extends InvalidInputException {
    /**
     * A malformed .npy file.
     *
     * @param file the file
     * @param problem what is wrong
     */
    public NpyFormatException(Path file, String problem) {
        super(file, problem);
    }
}
