package dev.linf.cli;

import java.nio.file.Path;

/** A failure the CLI reports as one line, {@code linf: <file>: <problem>}, with its exit code. */
final class CliFailure extends RuntimeException {
    final int exitCode;

    CliFailure(int exitCode, Path file, String problem) {
        super(file == null ? problem : file + ": " + problem);
        this.exitCode = exitCode;
    }
}
