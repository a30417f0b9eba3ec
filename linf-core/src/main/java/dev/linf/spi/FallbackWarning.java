package dev.linf.spi;

/** The one warning per JVM that computations run on the scalar reference kernels. */
final class FallbackWarning {
    private static boolean done;

    private FallbackWarning() {
    }

    static synchronized void once(String reason) {
        if (!done) {
            done = true;
            System.getLogger("dev.linf").log(System.Logger.Level.WARNING,
                    "LINF runs on the scalar reference kernels, 15-40x slower: " + reason);
        }
    }
}
