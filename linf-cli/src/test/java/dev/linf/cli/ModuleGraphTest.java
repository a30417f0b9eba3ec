package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The library as named modules (the tests otherwise run on the class path): linf-core, linf-cpu
 * and linf-weights resolve from their compiled classes, export only their supported packages, and
 * the one-line call works through their services (fast kernels, the bundled model as a resource).
 */
class ModuleGraphTest {
    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("linf-core"))) {
            p = p.getParent();
        }
        return p;
    }

    private static ModuleLayer layer() {
        return layer("dev.linf.core");
    }

    private static ModuleLayer layer(String rootModule) {
        List<Path> paths = new ArrayList<>();
        for (String m : List.of("linf-core", "linf-cpu", "linf-weights", "linf-service")) {
            paths.add(root().resolve(m).resolve("target/classes"));
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith("ejml-")) {
                paths.add(Path.of(entry));
            }
        }
        ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(),
                Set.of(rootModule));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }

    @Test
    void eachModuleExportsOnlyItsSupportedPackages() {
        ModuleLayer layer = layer();
        Map<String, String> exports = new TreeMap<>();
        for (String name : List.of("dev.linf.core", "dev.linf.cpu", "dev.linf.weights")) {
            ModuleDescriptor d = layer.findModule(name).orElseThrow().getDescriptor();
            for (ModuleDescriptor.Exports e : d.exports()) {
                exports.put(e.source(), e.isQualified() ? "to " + String.join(",", e.targets()) : "all");
            }
        }
        assertEquals("to dev.linf.cli", exports.get("dev.linf.eval"));
        assertEquals("all", exports.get("dev.linf"));
        assertEquals("all", exports.get("dev.linf.image"));
        assertEquals("all", exports.get("dev.linf.runner"));
        assertEquals("all", exports.get("dev.linf.weights"));
        assertEquals("all", exports.get("dev.linf.cpu"));
        Set<String> internal = Set.of("dev.linf.weights.pth", "dev.linf.weights.safetensors", "dev.linf.weights.arch");
        assertTrue(internal.stream().noneMatch(exports::containsKey), exports.toString());
        Set<String> services = layer.findModule("dev.linf.core").orElseThrow().getDescriptor().uses();
        assertEquals(Set.of("dev.linf.spi.KernelsProvider", "dev.linf.spi.DefaultModelProvider"), services);
    }

    @Test
    void theOneLineCallWorksOnTheModulePath() throws Exception {
        ModuleLayer layer = layer();
        assertEquals(Set.of("dev.linf.core", "dev.linf.cpu", "dev.linf.weights", "ejml.core", "ejml.ddense"),
                layer.modules().stream().map(Module::getName).collect(Collectors.toSet()));
        ClassLoader loader = layer.findLoader("dev.linf.core");
        Class<?> linf = Class.forName("dev.linf.Linf", true, loader);
        BufferedImage img = new BufferedImage(6, 5, BufferedImage.TYPE_INT_ARGB);
        BufferedImage big = (BufferedImage) linf.getMethod("upscale", BufferedImage.class, double.class)
                .invoke(null, img, 2.0);
        assertEquals(12, big.getWidth());
        assertEquals(BufferedImage.TYPE_INT_ARGB, big.getType());
        Object model = linf.getMethod("defaultModel").invoke(null);
        Class<?> runner = Class.forName("dev.linf.runner.ModelRunner", true, loader);
        Object run = runner.getMethod("of", model.getClass()).invoke(null, model);
        String describe = (String) runner.getMethod("describe").invoke(run);
        assertTrue(describe.contains("Vector API"), describe);
    }

    @Test
    void theServiceModuleResolvesWithTheJdkServerAndExportsOnlyItsApi() throws Exception {
        ModuleLayer layer = layer("dev.linf.service");
        ModuleDescriptor d = layer.findModule("dev.linf.service").orElseThrow().getDescriptor();
        assertEquals(Set.of("dev.linf.service"), d.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()));
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("jdk.httpserver")), d.toString());
        ClassLoader loader = layer.findLoader("dev.linf.service");
        Object defaults = Class.forName("dev.linf.service.ServiceConfig", true, loader).getMethod("defaults")
                .invoke(null);
        assertEquals(8080, defaults.getClass().getMethod("port").invoke(defaults));
    }
}
