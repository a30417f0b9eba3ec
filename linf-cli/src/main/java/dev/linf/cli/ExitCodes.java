package dev.linf.cli;

/** The documented exit codes of {@code linf}. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A bug or an unexpected failure: please report it. */
    public static final int INTERNAL = 1;
    /** The command line is wrong (unknown option, bad value, missing argument). */
    public static final int USAGE = 2;
    /** An input (image, array, noise file) is missing, unreadable or unusable. */
    public static final int INPUT = 3;
    /** The model or weights file cannot be loaded. */
    public static final int MODEL = 4;
    /** The output cannot be written. */
    public static final int OUTPUT = 5;
    /** {@code check-flow}: the flow is numerically unusable. */
    public static final int FLOW_UNUSABLE = 6;

    private ExitCodes() {
    }
}
