package dev.linf.cpu;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.linf.kernels.ReferenceKernels;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-modules jdk.incubator.vector} the provider falls back to the scalar
 * reference and says why. Runs in its own surefire execution started without the module (see
 * linf-cpu/pom.xml); in the default execution, where the module is present, it is skipped.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class FallbackTest {
    @Test
    @org.junit.jupiter.api.Order(2)
    void fallsBackToTheReferenceAndSaysWhy() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(), "vector module present");
        assertSame(ReferenceKernels.INSTANCE, VectorKernelsProvider.best());
        String reason = VectorKernelsProvider.fallbackReason().orElseThrow();
        assertTrue(reason.contains("--add-modules jdk.incubator.vector"), reason);
        // The same through linf-core's lookup, which the one-line API and Upscaler use.
        assertSame(ReferenceKernels.INSTANCE, dev.linf.spi.KernelsProvider.fastest());
        assertTrue(dev.linf.spi.KernelsProvider.whyNotFast().orElse("").contains("--add-modules"), reason);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void warnsOnceWithTheFixAndDescribeSaysIt() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(), "vector module present");
        java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.linf");
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            var model = dev.linf.weights.Checkpoints.load(golden());
            var runner = dev.linf.runner.ModelRunner.of(model);
            dev.linf.runner.ModelRunner.of(model);
            assertSame(ReferenceKernels.INSTANCE, runner.kernels());
            assertTrue(runner.describe().contains("fast kernels not used") && runner.describe().contains(
                    "JDK_JAVA_OPTIONS"), runner.describe());
        } finally {
            jul.removeHandler(h);
        }
        // Once per JVM: this is the first lookup in this surefire execution (see linf-cpu/pom.xml).
        assertTrue(records.size() == 1, records.toString());
        records.forEach(r -> {
            assertSame(java.util.logging.Level.WARNING, r.getLevel());
            assertTrue(r.getMessage().contains("--add-modules jdk.incubator.vector"), r.getMessage());
        });
    }

    private static java.nio.file.Path golden() {
        java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.isDirectory(p.resolve("testdata/golden"))) {
            p = p.getParent();
        }
        return p.resolve("testdata/golden/edsr-baseline/checkpoint.pth");
    }
}
