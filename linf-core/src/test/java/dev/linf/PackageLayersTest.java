package dev.linf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * linf-core's packages form layers (tensor, kernels, the stages, model, runner, image, the API):
 * no package uses one that uses it back, and the stages never reach up to the model or runner.
 */
class PackageLayersTest {
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.linf(?:\\.[a-z][a-z0-9]*)*(?=\\.[A-Z])");

    /** Package -> the dev.linf packages its classes name (imports and qualified names, comments excluded). */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Path src = Path.of("src/main/java");
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(src.resolve("dev/linf"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = src.relativize(f.getParent()).toString().replace('/', '.');
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                Matcher m = REFERENCE.matcher(code);
                Set<String> used = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                while (m.find()) {
                    if (!m.group().equals(pkg)) {
                        used.add(m.group());
                    }
                }
            }
        }
        return deps;
    }

    private static boolean reaches(Map<String, Set<String>> deps, String from, String to, Set<String> seen) {
        for (String next : deps.getOrDefault(from, Set.of())) {
            if (next.equals(to) || (seen.add(next) && reaches(deps, next, to, seen))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void noPackageDependsOnOneThatDependsOnIt() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.size() > 10, deps.keySet().toString());
        List<String> cycles = new ArrayList<>();
        deps.forEach((pkg, used) -> used.stream().filter(u -> reaches(deps, u, pkg, new TreeSet<>()))
                .forEach(u -> cycles.add(pkg + " <-> " + u)));
        assertEquals(List.of(), cycles);
    }

    @Test
    void theStagesAndKernelsNeverReachUp() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        Set<String> above = Set.of("dev.linf", "dev.linf.model", "dev.linf.runner", "dev.linf.image", "dev.linf.spi");
        for (String low : List.of("dev.linf.tensor", "dev.linf.kernels", "dev.linf.encoder", "dev.linf.encoder.swin",
                "dev.linf.fourier", "dev.linf.mlp", "dev.linf.flow", "dev.linf.errors")) {
            for (String up : above) {
                assertTrue(!reaches(deps, low, up, new TreeSet<>()), low + " reaches " + up);
            }
        }
    }
}
