package dev.linf.runner;

import dev.linf.fourier.FourierEnsemble;

/** One thread's working buffers, sized for one block of queries and grown when a block needs more. */
final class Scratch {
    float[] features = new float[0];
    float[] a = new float[0];
    float[] b = new float[0];
    float[] theta = new float[0];
    float[] scales = new float[0];
    double[] z = new double[0];
    double[] x = new double[0];
    double[][] flowWork = new double[0][0];
    FourierEnsemble.Work work;
    final float[] eps = new float[27]; // one query's latent: D is 3, or 27 for 3x3 patches

    float[] theta(int length) {
        return theta = atLeast(theta, length);
    }

    float[] scales(int length) {
        return scales = atLeast(scales, length);
    }

    double[] z(int length) {
        return z = atLeast(z, length);
    }

    double[] x(int length) {
        return x = atLeast(x, length);
    }

    double[][] flowWork(dev.linf.flow.ConditionalFlow flow, int count) {
        if (flowWork.length < 2 * flow.dim() || flowWork[0].length < count) {
            flowWork = flow.blockWork(count);
        }
        return flowWork;
    }

    void ensure(int rows, int featureLength, int width, FourierEnsemble ensemble) {
        if (work == null) {
            work = ensemble.newWork();
        }
        features = atLeast(features, rows * featureLength);
        a = atLeast(a, rows * width);
        b = atLeast(b, rows * width);
    }

    /** {@code buffer} if it holds {@code length} values, else a new, larger one (contents not kept). */
    private static float[] atLeast(float[] buffer, int length) {
        return buffer.length >= length ? buffer : new float[length];
    }

    private static double[] atLeast(double[] buffer, int length) {
        return buffer.length >= length ? buffer : new double[length];
    }
}
