package dev.linf.cpu;

import dev.linf.kernels.Kernels;
import dev.linf.kernels.ReferenceKernels;
import java.util.Optional;

/**
 * Chooses the fastest usable kernels: the Vector API ones when the {@code jdk.incubator.vector}
 * module is readable (the JVM was started with {@code --add-modules jdk.incubator.vector}),
 * otherwise the scalar reference. The reason for a fallback is logged once and can be queried.
 * Vector classes are loaded only after the check, so a JVM without the module never touches them.
 */
public final class VectorKernelsProvider {
    private static final System.Logger LOG = System.getLogger(VectorKernelsProvider.class.getName());
    private static final String FALLBACK_REASON = detect();

    private VectorKernelsProvider() {
    }

    private static String detect() {
        Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (vector.isEmpty()) {
            return "the jdk.incubator.vector module is not enabled (start Java with --add-modules jdk.incubator.vector)";
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

    /** The best kernels available in this JVM. */
    public static Kernels best() {
        if (FALLBACK_REASON != null) {
            Logged.once(FALLBACK_REASON);
            return ReferenceKernels.INSTANCE;
        }
        return VectorKernels.INSTANCE;
    }

    /** Why the scalar reference is used instead of the Vector API kernels, or empty if it is not. */
    public static Optional<String> fallbackReason() {
        return Optional.ofNullable(FALLBACK_REASON);
    }

    private static final class Logged {
        private static boolean done;

        static synchronized void once(String reason) {
            if (!done) {
                done = true;
                LOG.log(System.Logger.Level.INFO, "LINF uses the scalar reference kernels: " + reason);
            }
        }
    }
}
