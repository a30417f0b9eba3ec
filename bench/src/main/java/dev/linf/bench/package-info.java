/** Benchmarks (JMH kernels and the end-to-end {@code linf bench}); filled by the CPU-backend issue. */
package dev.linf.bench;
