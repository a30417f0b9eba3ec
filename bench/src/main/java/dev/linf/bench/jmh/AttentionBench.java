package dev.linf.bench.jmh;

import dev.linf.cpu.VectorKernelsProvider;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.ReferenceKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SwinIR's window-attention products for one head of one 8x8 window (64 tokens, head width 30 as
 * in the official 180-channel, 6-head model): {@code q k^T} (64 x 64 x 30) and {@code attn v}
 * (64 x 30 x 64), 2 x 64 x 64 x 30 = 245,760 FLOPs each. Run with {@code -prof gc}: both must
 * allocate nothing per call.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/linf-bench.jar org.openjdk.jmh.Main \
 *      AttentionBench -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AttentionBench {
    static final int TOKENS = 64;
    static final int HEAD = 30;

    @Param({"vector", "scalar"})
    String kernels;

    private Kernels k;
    private float[] q;
    private float[] key;
    private float[] v;
    private float[] attn;
    private float[] out;

    @Setup(Level.Trial)
    public void setup() {
        k = kernels.equals("vector") ? VectorKernelsProvider.best() : ReferenceKernels.INSTANCE;
        Random r = new Random(1);
        q = KernelBench.random(r, TOKENS * HEAD);
        key = KernelBench.random(r, TOKENS * HEAD);
        v = KernelBench.random(r, TOKENS * HEAD);
        attn = KernelBench.random(r, TOKENS * TOKENS);
        out = new float[TOKENS * HEAD];
    }

    /** {@code q k^T}: 64 x 64 scores from 64 x 30 queries and keys. */
    @Benchmark
    public float[] queryKeyScores() {
        k.matmulTransposed(q, 0, key, 0, TOKENS, TOKENS, HEAD, attn, 0);
        return attn;
    }

    /** {@code attn v}: 64 x 30 outputs from 64 x 64 weights and 64 x 30 values. */
    @Benchmark
    public float[] weightedValues() {
        k.matmul(attn, 0, v, 0, TOKENS, HEAD, TOKENS, out, 0);
        return out;
    }
}
