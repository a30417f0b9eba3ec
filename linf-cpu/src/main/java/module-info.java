/**
 * Fast CPU kernels on the Java Vector API (SGEMM, convolution, sin/cos, the flow's scales), found
 * by linf-core through {@link dev.linf.spi.KernelsProvider}.
 */
module dev.linf.cpu {
    requires dev.linf.core;
    requires static jdk.incubator.vector;

    exports dev.linf.cpu;

    provides dev.linf.spi.KernelsProvider with dev.linf.cpu.VectorKernelsService;
}
