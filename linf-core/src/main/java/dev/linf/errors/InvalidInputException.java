package dev.linf.errors;

import java.nio.file.Path;

/** An input image or array that cannot be used: unreadable, malformed, or of the wrong shape. */
public class InvalidInputException extends LinfException {
    /**
     * An unusable input.
     *
     * @param file the input, or null
     * @param problem what is wrong
     */
    public InvalidInputException(Path file, String problem) {
        super(file, problem);
    }

    /**
     * An unusable input, with the failure behind it.
     *
     * @param file the input, or null
     * @param problem what is wrong
     * @param cause the failure
     */
    public InvalidInputException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
