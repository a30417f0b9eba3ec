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

    /** The first provider's kernels, or the scalar reference when there is none. */
    static Kernels fastest() {
        for (KernelsProvider p : ServiceLoader.load(KernelsProvider.class, KernelsProvider.class.getClassLoader())) {
            return p.kernels();
        }
        return ReferenceKernels.INSTANCE;
    }
}
