package dev.linf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesGetTheUsualPermissionsNotATempFilesOnes() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path written = dir.resolve("written.png");
        AtomicFiles.write(written, out -> out.write(new byte[] {1, 2, 3}));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("out.png");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[] {1, 2});
            throw new IOException("disk full");
        }));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no partial or temporary file");
        }
    }

    @Test
    void temporaryFilesOfKilledWritersAreRemovedByTheNextWrite() throws IOException, InterruptedException {
        // A writer killed with kill -9 mid-write leaves its hidden temporary file; its process is gone.
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        Path stale = Files.write(dir.resolve(".out.png." + gone.pid() + ".k3j2.linf-tmp"), new byte[] {1});
        Path live = Files.write(dir.resolve(".out.png." + ProcessHandle.current().pid() + ".a1.linf-tmp"),
                new byte[] {2});
        Path otherTarget = Files.write(dir.resolve(".other.png." + gone.pid() + ".zz.linf-tmp"), new byte[] {3});
        Path target = dir.resolve("out.png");
        AtomicFiles.write(target, out -> out.write(new byte[] {4}));
        assertEquals(false, Files.exists(stale), "the dead writer's temporary file is removed");
        assertEquals(true, Files.exists(live), "a live writer's temporary file is kept");
        assertEquals(true, Files.exists(otherTarget), "another target's temporary files are not touched");
        assertEquals(1, Files.size(target));
    }
}
