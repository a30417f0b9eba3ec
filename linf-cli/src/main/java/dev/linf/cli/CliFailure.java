package dev.linf.cli;

import java.nio.file.Path;

/**
 * A failure the CLI reports as one line, {@code linf: <file>: <problem> (<hint>)}, with its exit
 * code; without a specific hint the exit code's general one is used ({@link #defaultHint}).
 */
final class CliFailure extends RuntimeException {
    final int exitCode;
    final String hint;

    CliFailure(int exitCode, Path file, String problem) {
        this(exitCode, file, problem, null);
    }

    CliFailure(int exitCode, Path file, String problem, String hint) {
        super(file == null ? problem : file + ": " + problem);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    /** What to try, by exit code. */
    static String defaultHint(int exitCode) {
        return switch (exitCode) {
            case ExitCodes.USAGE -> "see 'linf help' for usage";
            case ExitCodes.INPUT -> "inputs are PNG, JPEG or BMP images, or float32 .npy arrays 3 x H x W in [0, 1]";
            case ExitCodes.MODEL -> "pass an official LINF .pth checkpoint or a safetensors copy with --weights";
            case ExitCodes.OUTPUT -> "choose another output, or check the folder's permissions and free space";
            default -> "run again with --debug for details to report";
        };
    }

    /** The one line printed after {@code linf: }. */
    String line() {
        return getMessage() + " (" + (hint != null ? hint : defaultHint(exitCode)) + ")";
    }
}
