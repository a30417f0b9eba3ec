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
class FallbackTest {
    @Test
    void fallsBackToTheReferenceAndSaysWhy() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(), "vector module present");
        assertSame(ReferenceKernels.INSTANCE, VectorKernelsProvider.best());
        String reason = VectorKernelsProvider.fallbackReason().orElseThrow();
        assertTrue(reason.contains("--add-modules jdk.incubator.vector"), reason);
        // The same through linf-core's lookup, which the one-line API and Upscaler use.
        assertSame(ReferenceKernels.INSTANCE, dev.linf.spi.KernelsProvider.fastest());
        assertTrue(dev.linf.spi.KernelsProvider.whyNotFast().orElse("").contains("--add-modules"), reason);
    }
}
