package dev.linf.spi;

import dev.linf.kernels.Kernels;
import dev.linf.kernels.ReferenceKernels;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Supplies faster kernels than the scalar reference. linf-cpu provides one (through
 * {@link ServiceLoader}), so every model runs on the Vector API kernels when that module is on the
 * class path, and on the reference otherwise, with one warning saying how to fix it.
 */
public interface KernelsProvider {

    /** {@return the best kernels this provider can offer in this JVM (possibly the reference)} */
    Kernels kernels();

    /** {@return why {@link #kernels()} is the scalar reference rather than fast kernels, or empty if it is not} */
    default Optional<String> fallbackReason() {
        return Optional.empty();
    }

    /**
     * The first provider's kernels, or the scalar reference when there is none; in that case, or
     * when the provider falls back, one {@code System.Logger} WARNING says why and how to fix it.
     *
     * @return the kernels
     */
    static Kernels fastest() {
        Kernels k = first().map(KernelsProvider::kernels).orElse(ReferenceKernels.INSTANCE);
        if (k == ReferenceKernels.INSTANCE) {
            FallbackWarning.once(whyNotFast().orElse("unknown reason"));
        }
        return k;
    }

    /** {@return why {@link #fastest()} is not fast kernels, or empty when it is} */
    static Optional<String> whyNotFast() {
        return first().map(KernelsProvider::fallbackReason).orElse(Optional.of(
                "no fast kernels on the class path (add the dev.linf:linf-cpu dependency)"));
    }

    private static Optional<KernelsProvider> first() {
        return ServiceLoader.load(KernelsProvider.class, KernelsProvider.class.getClassLoader()).findFirst();
    }
}
