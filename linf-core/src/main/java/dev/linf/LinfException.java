package dev.linf;

import java.nio.file.Path;

/**
 * Base of the library's exceptions. Each names the file involved (when there is one) and the
 * problem, so {@link #getMessage()} reads as {@code <file>: <problem>}.
 */
public class LinfException extends RuntimeException {
    private final transient Path file;
    private final String problem;

    public LinfException(Path file, String problem) {
        this(file, problem, null);
    }

    public LinfException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file the problem is about, or null. */
    public Path file() {
        return file;
    }

    /** The problem alone, without the file name. */
    public String problem() {
        return problem;
    }
}
