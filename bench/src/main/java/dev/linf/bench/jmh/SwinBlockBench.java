package dev.linf.bench.jmh;

import dev.linf.cpu.VectorKernelsProvider;
import dev.linf.encoder.swin.LayerNorm;
import dev.linf.encoder.swin.SwinBlock;
import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two Swin transformer blocks of the official SwinIR width (180 channels, 6 heads, 8x8 windows,
 * MLP 360), unshifted then shifted, on a 64x64 token map, one thread, random weights: the linear
 * layers, LayerNorms, GELU and window attention with bias and shift mask as the encoder runs them.
 * 2 x 4096 tokens x 282,240 MAC = 4.62 GFLOP per call. Sampled times, so the percentiles show
 * the fastest calls (p0.00) beside the mean: on a shared host the mean moves with the neighbours.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/linf-bench.jar org.openjdk.jmh.Main SwinBlockBench
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SwinBlockBench {
    static final int CHANNELS = 180;
    static final int HEADS = 6;
    static final int WINDOW = 8;
    static final int SIDE = 64;

    private final Kernels kernels = VectorKernelsProvider.best();
    private final Parallel serial = Parallel.serial();
    private SwinBlock plain;
    private SwinBlock shifted;
    private float[] input;
    private float[] tokens;
    private float[] qkvOut;
    private float[] attended;

    private static float[] random(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    @Setup(Level.Trial)
    public void setup() {
        Random r = new Random(1);
        int c = CHANNELS;
        LayerNorm norm1 = new LayerNorm(random(r, c, 1), random(r, c, 0.1));
        LayerNorm norm2 = new LayerNorm(random(r, c, 1), random(r, c, 0.1));
        DenseLayer qkv = DenseLayer.of(c, 3 * c, random(r, 3 * c * c, 0.07), random(r, 3 * c, 0.1));
        DenseLayer proj = DenseLayer.of(c, c, random(r, c * c, 0.07), random(r, c, 0.1));
        DenseLayer fc1 = DenseLayer.of(c, 2 * c, random(r, 2 * c * c, 0.07), random(r, 2 * c, 0.1));
        DenseLayer fc2 = DenseLayer.of(2 * c, c, random(r, 2 * c * c, 0.05), random(r, c, 0.1));
        int span = 2 * WINDOW - 1;
        float[] table = random(r, span * span * HEADS, 1);
        plain = new SwinBlock(norm1, qkv, proj, table, HEADS, WINDOW, 0, norm2, fc1, fc2);
        shifted = new SwinBlock(norm1, qkv, proj, table, HEADS, WINDOW, WINDOW / 2, norm2, fc1, fc2);
        input = random(r, SIDE * SIDE * c, 1);
        tokens = input.clone();
        qkvOut = new float[SIDE * SIDE * 3 * c];
        attended = new float[SIDE * SIDE * c];
    }

    /** An unshifted and a shifted block on the same tokens (reset from the input first). */
    @Benchmark
    public float[] twoBlocks() {
        System.arraycopy(input, 0, tokens, 0, tokens.length);
        plain.apply(tokens, SIDE, SIDE, kernels, serial, qkvOut, attended);
        shifted.apply(tokens, SIDE, SIDE, kernels, serial, qkvOut, attended);
        return tokens;
    }
}
