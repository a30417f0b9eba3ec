package dev.linf.spi;

import dev.linf.kernels.Kernels;
import dev.linf.kernels.ReferenceKernels;
import java.util.ServiceLoader;

/**
 * Supplies faster kernels than the scalar reference. linf-cpu provides one (through
 * {@link java.util.ServiceLoader}), so the one-line API computes with the Vector API kernels when
 * that module is on the class path, and with the reference otherwise.
 */
public interface KernelsProvider {

    /** The best kernels this provider can offer in this JVM (possibly the reference, with a logged reason). */
    Kernels kernels();

    /** Why {@link #kernels()} is the scalar reference rather than fast kernels, or empty if it is not. */
    default java.util.Optional<String> fallbackReason() {
        return java.util.Optional.empty();
    }

    /** The first provider's kernels, or the scalar reference when there is none. */
    static Kernels fastest() {
        return first().map(KernelsProvider::kernels).orElse(ReferenceKernels.INSTANCE);
    }

    /** Why {@link #fastest()} is not fast kernels, or empty when it is. */
    static java.util.Optional<String> whyNotFast() {
        return first().map(KernelsProvider::fallbackReason).orElse(java.util.Optional.of(
                "no fast kernels on the class path (add dev.linf:linf-cpu)"));
    }

    private static java.util.Optional<KernelsProvider> first() {
        return ServiceLoader.load(KernelsProvider.class, KernelsProvider.class.getClassLoader()).findFirst();
    }
}
