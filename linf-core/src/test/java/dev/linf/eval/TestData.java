package dev.linf.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's testdata/ and the shared benchmarks beside the repository. */
final class TestData {
    private TestData() {
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("testdata"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("testdata/ not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** ../shared/benchmarks, as the project's shared folder lays it out beside the repository. */
    static Path benchmarks() {
        return repoRoot().resolve("../shared/benchmarks").normalize();
    }

    /**
     * Whether the tests that read the shared benchmark images run: when the folder is there, or
     * when {@code LINF_REQUIRE_SHARED} is set (CI sets it, so a missing folder fails there instead
     * of skipping).
     */
    static boolean sharedBenchmarks() {
        return Files.isDirectory(benchmarks()) || System.getenv("LINF_REQUIRE_SHARED") != null;
    }
}
