package dev.linf.bench.jmh;

import dev.linf.cpu.VectorKernelsProvider;
import dev.linf.flow.ConditionalFlow;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.ReferenceKernels;
import dev.linf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
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
 * The kernels one at a time, single-threaded, on LINF's shapes. Each benchmark's FLOPs per call
 * are in its javadoc; GFLOP/s = FLOPs / (us/op * 1000). Run with {@code -prof gc} to check that
 * the fast kernels allocate nothing per call beyond their documented outputs.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/linf-bench.jar org.openjdk.jmh.Main \
 *      KernelBench -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBench {
    @Param({"vector", "scalar"})
    String kernels;

    private Kernels k;
    private Tensor convIn;
    private ConvWeights conv;
    private float[] args;
    private float[] cos;
    private float[] sin;
    private float[] theta;
    private float[] scales;
    private ConditionalFlow flow;
    private double[] flowOut;
    private double[][] flowWork;
    private ConditionalFlow flow27;
    private float[] theta27;
    private float[] scales27;
    private double[] flowOut27;
    private double[][] flowWork27;

    /** Queries per block, as the runner's query blocks (QueryBlocks.BLOCK). */
    static final int ROWS = 72;

    @Setup(Level.Trial)
    public void setup() {
        k = kernels.equals("vector") ? VectorKernelsProvider.best() : ReferenceKernels.INSTANCE;
        Random r = new Random(1);
        convIn = Tensor.of(random(r, 64 * 48 * 48), 64, 48, 48);
        conv = new ConvWeights(64, 64, 3, random(r, 64 * 64 * 9), random(r, 64));
        args = random(r, 512);
        for (int i = 0; i < args.length; i++) {
            args[i] *= 30;
        }
        cos = new float[512];
        sin = new float[512];
        theta = random(r, ROWS * 60);
        scales = new float[ROWS * 60];
        List<ConditionalFlow.Linear> steps = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            float[] w = random(r, 9);
            w[0] += 1;
            w[4] += 1;
            w[8] += 1;
            steps.add(new ConditionalFlow.Linear(w, random(r, 3)));
        }
        flow = new ConditionalFlow(steps.subList(0, 10), steps.get(10));
        flowOut = new double[ROWS * 3];
        flowWork = flow.blockWork(ROWS);
        k.flowScales(theta, 0, ROWS * 60, scales, 0);
        flow27 = randomFlow(r, 27, 10);
        theta27 = random(r, ROWS * flow27.conditionLength());
        scales27 = new float[theta27.length];
        k.flowScales(theta27, 0, theta27.length, scales27, 0);
        flowOut27 = new double[ROWS * 27];
        flowWork27 = flow27.blockWork(ROWS);
    }

    /** A flow of {@code steps} steps on {@code dim} values: random layers near the identity, so invertible. */
    private static ConditionalFlow randomFlow(Random r, int dim, int steps) {
        List<ConditionalFlow.Linear> layers = new ArrayList<>();
        for (int i = 0; i <= steps; i++) {
            float[] w = random(r, dim * dim);
            for (int j = 0; j < w.length; j++) {
                w[j] *= 0.1f;
            }
            for (int d = 0; d < dim; d++) {
                w[d * dim + d] += 1;
            }
            layers.add(new ConditionalFlow.Linear(w, random(r, dim)));
        }
        return new ConditionalFlow(layers.subList(0, steps), layers.get(steps));
    }

    /** Gaussian values of standard deviation 0.1, the scale of LINF's activations. */
    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian() * 0.1f;
        }
        return a;
    }

    /**
     * An MLP layer's shape (in x out) and data: a state of its own, so that only
     * {@link #mlpLayer} runs once per shape (on the benchmark class, the parameter multiplied every
     * benchmark by the number of shapes).
     */
    @State(Scope.Thread)
    public static class MlpShape {
        @Param({"1024x256", "256x256", "256x60"})
        String mlpLayer;

        DenseLayer layer;
        float[] in;
        float[] out;

        @Setup(Level.Trial)
        public void setup() {
            Random r = new Random(2);
            String[] dims = mlpLayer.split("x");
            int nIn = Integer.parseInt(dims[0]);
            int nOut = Integer.parseInt(dims[1]);
            layer = DenseLayer.of(nIn, nOut, random(r, nIn * nOut), random(r, nOut));
            in = random(r, ROWS * nIn);
            out = new float[ROWS * nOut];
        }
    }

    /** One MLP layer on a block of 72 queries: 2 x 72 x in x out FLOPs (1024x256: 37.7 MFLOP). */
    @Benchmark
    public float[] mlpLayer(MlpShape s) {
        k.dense(s.in, ROWS, s.layer, s.out, true);
        return s.out;
    }

    /** 3x3 conv 64 -> 64 on 48x48: 2 x 48 x 48 x 64 x 64 x 9 = 169.9 MFLOP (allocates its output). */
    @Benchmark
    public Tensor conv3x3() {
        return k.conv2d(convIn, conv);
    }

    /** 512 sin/cos pairs, one query's Fourier basis in the official model. */
    @Benchmark
    public float[] cosSin512() {
        k.cosSin(args, 0, 512, cos, 0, sin, 0);
        return cos;
    }

    /** The flow's conditional scales (sigmoid) of a block: 72 x 60 values. */
    @Benchmark
    public float[] flowScales() {
        k.flowScales(theta, 0, ROWS * 60, scales, 0);
        return scales;
    }

    /** The T = 0 flow inverse of a block of 72 queries (10 steps + final layer, in double). */
    @Benchmark
    public double[] flowInverse() {
        flow.inverseBlock(ROWS, null, theta, scales, flowOut, flowWork);
        return flowOut;
    }

    /** The same for the patch model's 27-value flow (10 steps + final layer, in double), 72 queries. */
    @Benchmark
    public double[] flowInverse27() {
        flow27.inverseBlock(ROWS, null, theta27, scales27, flowOut27, flowWork27);
        return flowOut27;
    }
}
