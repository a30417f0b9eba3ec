package dev.linf.fuzz;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * One reader under fuzzing: its seed inputs, how to mutate one (format-aware where plain byte
 * mutations would only break a checksum), and the call that reads a file the way the CLI and the
 * API do. {@link #read} may return or throw one of {@link #documented} exception types; anything
 * else it throws, a hang, or running out of memory is a finding.
 */
interface Target {
    /** {@return a short name, also the corpus folder's} */
    String name();

    /** {@return the file extension the reader is given (some readers look at it)} */
    String extension();

    /** {@return the well-formed inputs mutations start from} */
    List<byte[]> seeds();

    /** {@return a mutant of {@code seed}} */
    default byte[] mutate(byte[] seed, Mutator mutator, Random random) {
        return mutator.mutate(seed, seeds());
    }

    /** Reads {@code file} as the product does. */
    void read(Path file) throws Exception;

    /** {@return the exception types that are a documented refusal} */
    List<Class<? extends Throwable>> documented();
}
