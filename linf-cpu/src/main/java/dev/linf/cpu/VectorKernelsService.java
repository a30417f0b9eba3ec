package dev.linf.cpu;

import dev.linf.kernels.Kernels;
import dev.linf.spi.KernelsProvider;

/** Registers {@link VectorKernelsProvider#best()} with linf-core's {@link KernelsProvider} lookup. */
public final class VectorKernelsService implements KernelsProvider {
    /** For {@link java.util.ServiceLoader}. */
    public VectorKernelsService() {
    }

    @Override
    public Kernels kernels() {
        return VectorKernelsProvider.best();
    }

    @Override
    public java.util.Optional<String> fallbackReason() {
        return VectorKernelsProvider.fallbackReason();
    }
}
