package dev.linf.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A short fuzzing run of each reader in the default test suite, under the module's 512 MB heap:
 * a fixed seed and a fixed number of inputs (so a failure reproduces), capped at 8 s per reader.
 * Findings are left in {@code fuzz/target/fuzz-findings/} for the regression corpus. Long runs:
 * {@code java -Xmx512m -jar fuzz/target/linf-fuzz.jar --seconds 600} (see README).
 */
class ShortFuzzTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({"pth, 120", "safetensors, 400", "png, 3000", "jpeg, 1500", "bmp, 3000", "npy, 3000"})
    void noInputCrashesHangsOrExhaustsTheHeap(String name, int inputs) throws IOException {
        Target target = Targets.byName(name, Repo.root().resolve("testdata/golden"));
        Fuzzer.Report r = Fuzzer.run(target, 20261128L, inputs, 8, Repo.root().resolve("fuzz/target/fuzz-findings"),
                work);
        System.out.println(r.line());
        assertTrue(r.findings().isEmpty(), r.findings().toString());
        assertTrue(r.refused() > 0, "mutants are refused, not all read: " + r.line());
    }
}
