package dev.linf.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every input kept in {@code fuzz/corpus/<reader>/} (hostile files made by hand for the defects
 * found before, and whatever fuzzing finds) must be read or refused with a documented error
 * within the time limit, under the module's 512 MB heap.
 */
class CorpusRegressionTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"pth", "safetensors", "png", "jpeg", "bmp", "npy"})
    void everyKeptInputIsReadOrRefused(String name) throws IOException {
        Path dir = Repo.root().resolve("fuzz/corpus").resolve(name);
        Target target = Targets.byName(name, Repo.root().resolve("testdata/golden"));
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (Fuzzer.Checker checker = new Fuzzer.Checker(work); Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                Fuzzer.Outcome o = checker.check(target, f);
                n++;
                if (o.result() == Fuzzer.Result.FINDING) {
                    failures.add(f.getFileName() + ": " + o.detail());
                }
            }
        }
        assertTrue(n > 0, "the corpus of " + name + " is not empty");
        assertTrue(failures.isEmpty(), failures.toString());
    }
}
