package dev.linf.cpu;

import dev.linf.kernels.Kernels;
import dev.linf.kernels.ReferenceKernels;
import java.util.Optional;

/**
 * Chooses the fastest usable kernels: the Vector API ones when the {@code jdk.incubator.vector}
 * module is readable (the JVM was started with {@code --add-modules jdk.incubator.vector}),
 * otherwise the scalar reference. The reason for a fallback can be queried.
 * Vector classes are loaded only after the check, so a JVM without the module never touches them.
 */
public final class VectorKernelsProvider {
    private static final String FALLBACK_REASON = detect();

    private VectorKernelsProvider() {
    }

    private static String detect() {
        Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (vector.isEmpty()) {
            return "the jdk.incubator.vector module is not enabled (start Java with --add-modules"
                    + " jdk.incubator.vector, or set JDK_JAVA_OPTIONS=--add-modules=jdk.incubator.vector)";
        }
        if (!VectorKernelsProvider.class.getModule().canRead(vector.get())) {
            return "jdk.incubator.vector is not readable from " + VectorKernelsProvider.class.getModule();
        }
        try {
            Class.forName("dev.linf.cpu.VectorKernels"); // links the Vector API classes
            return null;
        } catch (LinkageError | ClassNotFoundException e) {
            return "the Vector API failed to load (" + e + ")";
        }
    }

    /**
     * The best kernels available in this JVM (the caller, linf-core's lookup, warns about a fallback).
     *
     * @return the Vector API kernels, or the scalar reference
     */
    public static Kernels best() {
        return FALLBACK_REASON != null ? ReferenceKernels.INSTANCE : VectorKernels.INSTANCE;
    }

    /**
     * Why the scalar reference is used instead of the Vector API kernels, or empty if it is not.
     *
     * @return the reason, or empty
     */
    public static Optional<String> fallbackReason() {
        return Optional.ofNullable(FALLBACK_REASON);
    }
}
