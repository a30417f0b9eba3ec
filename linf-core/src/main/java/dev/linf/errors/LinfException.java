package dev.linf.errors;

import java.nio.file.Path;

/**
 * Base of the library's exceptions. Each names the file involved (when there is one) and the
 * problem, so {@link #getMessage()} reads as {@code <file>: <problem>}. The problem often quotes
 * what an untrusted file holds (a tensor name, a dtype), so it is kept to one printable line:
 * control characters are escaped and it is cut after {@value #MAX_PROBLEM} characters.
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
        this(file, cause, oneLine(problem));
    }

    private LinfException(Path file, Throwable cause, String problem) {
        super(file == null ? problem : oneLine(file.toString()) + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** Longest problem text kept. */
    public static final int MAX_PROBLEM = 1000;

    /** {@code text} as one printable line: control characters escaped, cut at {@link #MAX_PROBLEM}. */
    static String oneLine(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_PROBLEM + 16));
        for (int i = 0; i < text.length() && b.length() < MAX_PROBLEM; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= MAX_PROBLEM && text.length() > MAX_PROBLEM) {
            b.append("...");
        }
        return b.toString();
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
