package dev.linf.errors;

import java.nio.file.Path;

/**
 * Base of the library's exceptions. Each names the file involved (when there is one) and the
 * problem, so {@link #getMessage()} reads as {@code <file>: <problem>}.
 */
public class LinfException extends RuntimeException {
    private final transient Path file;
    /** The problem alone, without the file name. */
    private final String problem;

    /**
     * A problem, about a file or not.
     *
     * @param file the file, or null
     * @param problem what is wrong
     */
    public LinfException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * A problem with the failure behind it.
     *
     * @param file the file, or null
     * @param problem what is wrong
     * @param cause the failure
     */
    public LinfException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /**
     * The file the problem is about, or null.
     *
     * @return the file, or null
     */
    public Path file() {
        return file;
    }

    /**
     * The problem alone, without the file name.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }
}
