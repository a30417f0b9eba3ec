package dev.linf.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a file through a temporary file in the same folder and a rename, so a failed or
 * interrupted write never leaves a partial file under the target name. The temporary file is
 * hidden and named after the target and the writing process ({@code .NAME.PID.RANDOM.linf-tmp});
 * it is removed when the write fails, when the JVM exits normally or by a signal it can handle
 * (Ctrl-C, {@code kill}), and, should the process be killed outright ({@code kill -9}, power
 * loss) while writing, by the next write of the same target once that process is gone.
 */
public final class AtomicFiles {
    private static final String SUFFIX = ".linf-tmp";
    /** Temporary files being written now, removed by a shutdown hook if the JVM exits meanwhile. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private AtomicFiles() {
    }

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the whole content.
         *
         * @param out where it goes
         * @throws IOException when writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} through {@code writer} into a temporary file beside it, then renames it into place.
     *
     * @param target the file to write
     * @param writer writes the content
     * @throws IOException when writing or renaming fails (the temporary file is removed)
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        removeStale(dir, abs.getFileName().toString());
        hookOnce();
        // createFile, not createTempFile: the result gets the usual permissions (umask), not 0600.
        Path tmp = null;
        for (int attempt = 0; tmp == null; attempt++) {
            Path candidate = dir.resolve("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + SUFFIX);
            try {
                tmp = Files.createFile(candidate);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
        IN_FLIGHT.add(tmp);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            IN_FLIGHT.remove(tmp);
        }
    }

    /**
     * Removes the temporary files of earlier writes of {@code name} in {@code dir} whose process
     * no longer runs (it was killed while writing). Files of live processes are left alone.
     */
    static void removeStale(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(SUFFIX))) {
            for (Path p : entries) {
                String middle = p.getFileName().toString();
                middle = middle.substring(prefix.length(), middle.length() - SUFFIX.length());
                int dot = middle.indexOf('.');
                if (dot <= 0) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(middle.substring(0, dot));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        Files.deleteIfExists(p);
                    }
                } catch (NumberFormatException | IOException e) {
                    // not ours, or gone already: leave it
                }
            }
        } catch (IOException | SecurityException e) {
            // The folder cannot be listed: the write itself will report what is wrong.
        }
    }

    private static void hookOnce() {
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    for (Path p : IN_FLIGHT) {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            // exiting: nothing more to do
                        }
                    }
                }, "linf-temp-cleanup"));
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}
