package dev.linf;

import java.nio.file.Path;

/** An input image or array that cannot be used: unreadable, malformed, or of the wrong shape. */
public class InvalidInputException extends LinfException {
    public InvalidInputException(Path file, String problem) {
        super(file, problem);
    }

    public InvalidInputException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
