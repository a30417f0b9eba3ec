/**
 * Fast CPU kernels for {@link dev.linf.kernels.Kernels}: Java Vector API and multithreading.
 * Empty for now; the scalar {@link dev.linf.kernels.ReferenceKernels} serve until this lands.
 */
package dev.linf.cpu;
