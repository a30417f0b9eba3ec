package dev.linf.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the module folder upwards. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("testdata/golden"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("testdata/golden not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
