package dev.linf.errors;

import java.nio.file.Path;

/** An output that cannot be written: its folder is missing or read-only, the disk is full, or it exists. */
public class OutputException extends LinfException {
    /**
     * An output that cannot be written.
     *
     * @param file the output
     * @param problem what is wrong
     * @param cause the underlying failure, or null
     */
    public OutputException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
