/**
 * Fast CPU kernels on the Java Vector API (SGEMM, convolution, sin/cos, the flow's scales), found
 * by linf-core through {@link dev.linf.spi.KernelsProvider}.
 */
module dev.linf.cpu {
    requires transitive dev.linf.core;
    // On the module path the Vector API is then resolved without --add-modules; on the class path it needs the flag.
    requires jdk.incubator.vector;

    exports dev.linf.cpu;

    provides dev.linf.spi.KernelsProvider with dev.linf.cpu.VectorKernelsService;
}
