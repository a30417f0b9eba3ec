package dev.linf.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linf.kernels.InvertedFlow;
import dev.linf.kernels.Kernels;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The flow's vector sampling direction gives the reference's bits ({@link InvertedFlow#inverseBlock}):
 * D around the 4 lanes and the 8-row pass (1, 2, 3, 4, 5, 7, 8, 9, 12, 27), blocks around the
 * 4-query pass and the runner's 72, zero and drawn latents, scales down to the 1e-4 floor; seeded.
 */
class VectorFlowTest {

    static InvertedFlow randomFlow(int dim, int steps, Random r) {
        double[][] inverses = new double[steps + 1][dim * dim];
        double[][] biases = new double[steps + 1][dim];
        for (int i = 0; i <= steps; i++) {
            for (int j = 0; j < dim * dim; j++) {
                inverses[i][j] = r.nextGaussian() / Math.sqrt(dim) + (j % (dim + 1) == 0 ? 1 : 0);
            }
            for (int j = 0; j < dim; j++) {
                biases[i][j] = r.nextGaussian() * 0.1;
            }
        }
        return new InvertedFlow(inverses, biases);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 9, 12, 27})
    void vectorsGiveTheReferenceBits(int dim) {
        Random r = new Random(300 + dim);
        InvertedFlow f = randomFlow(dim, dim == 27 ? 10 : 3, r);
        int len = f.conditionLength();
        for (int count : new int[] {0, 1, 3, 4, 5, 7, 72, 73}) {
            float[] theta = new float[count * len];
            float[] scales = new float[count * len];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = (float) r.nextGaussian();
                scales[i] = i % 11 == 0 ? 1e-4f : (float) (1e-4 + r.nextDouble());
            }
            double[] z = new double[count * dim];
            for (int i = 0; i < z.length; i++) {
                z[i] = r.nextGaussian();
            }
            for (double[] latent : new double[][] {null, z}) {
                double[] want = new double[count * dim + 1];
                double[] got = new double[count * dim + 1];
                got[count * dim] = 42; // past the block: untouched
                f.inverseBlock(count, latent, theta, scales, want, f.blockWork(count));
                VectorFlow.inverseVectors(f, count, latent, theta, scales, got, f.blockWork(count + 2));
                for (int i = 0; i < count * dim; i++) {
                    assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                            "D " + dim + ", " + count + " queries, value " + i + ": " + want[i] + " vs " + got[i]);
                }
                assertEquals(42.0, got[count * dim]);
            }
        }
    }

    /** Through the kernel interface, cold or compiled: the same bits, call after call. */
    @Test
    void theKernelGivesTheReferenceBitsOnEveryCall() {
        Kernels fast = VectorKernelsProvider.best();
        Random r = new Random(7);
        InvertedFlow f = randomFlow(27, 10, r);
        int count = 72;
        float[] theta = new float[count * f.conditionLength()];
        float[] scales = new float[theta.length];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) r.nextGaussian();
            scales[i] = (float) (1e-4 + r.nextDouble());
        }
        double[] want = new double[count * 27];
        f.inverseBlock(count, null, theta, scales, want, f.blockWork(count));
        double[][] work = f.blockWork(count);
        for (int call = 0; call < 200; call++) {
            double[] got = new double[count * 27];
            fast.flowInverse(f, count, null, theta, scales, got, work);
            for (int i = 0; i < got.length; i++) {
                assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                        "call " + call + ", value " + i);
            }
        }
    }
}
