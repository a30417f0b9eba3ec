/**
 * Fast CPU kernels for {@link dev.linf.kernels.Kernels} on the Java Vector API; pick them with
 * {@link dev.linf.cpu.VectorKernelsProvider#best()}, which falls back to the scalar reference.
 */
package dev.linf.cpu;
