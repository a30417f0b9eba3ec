package dev.linf.mlp;

import dev.linf.kernels.DenseLayer;
import dev.linf.kernels.Kernels;
import java.util.List;

/**
 * The shared per-query MLP ({@code layers.0/2/4/6}: 1x1 convolutions with ReLU between them) that
 * maps the Fourier features of a query to the flow's conditional parameters.
 */
public final class ImplicitMlp {
    private final List<DenseLayer> layers;

    /**
     * An MLP from its layers (ReLU between them, none after the last).
     *
     * @param layers the layers, each taking the previous one's outputs
     */
    public ImplicitMlp(List<DenseLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the MLP needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inFeatures() != layers.get(i - 1).outFeatures()) {
                throw new IllegalArgumentException("MLP layer " + i + " takes " + layers.get(i).inFeatures()
                        + " inputs but the previous layer gives " + layers.get(i - 1).outFeatures());
            }
        }
        this.layers = List.copyOf(layers);
    }

    /**
     * Its layers.
     *
     * @return the layers
     */
    public List<DenseLayer> layers() {
        return layers;
    }

    /**
     * The features it takes.
     *
     * @return the count
     */
    public int inFeatures() {
        return layers.getFirst().inFeatures();
    }

    /**
     * The values it gives (the flow's conditions).
     *
     * @return the count
     */
    public int outFeatures() {
        return layers.getLast().outFeatures();
    }

    /**
     * Widest layer output, for sizing scratch buffers.
     *
     * @return the widest layer's output width
     */
    public int maxWidth() {
        return layers.stream().mapToInt(DenseLayer::outFeatures).max().orElseThrow();
    }

    /**
     * The number of parameters.
     *
     * @return the count
     */
    public long parameterCount() {
        return layers.stream().mapToLong(DenseLayer::parameterCount).sum();
    }

    /**
     * Multiply-accumulates per query.
     *
     * @return the count
     */
    public long macsPerQuery() {
        return layers.stream().mapToLong(l -> (long) l.inFeatures() * l.outFeatures()).sum();
    }

    /**
     * Runs {@code rows} feature vectors through the MLP into {@code out} (rows x outFeatures);
     * {@code scratchA}/{@code scratchB} hold rows x {@link #maxWidth()} values each.
     *
     * @param features rows x inFeatures() values
     * @param rows queries
     * @param out receives rows x outFeatures() values
     * @param scratchA scratch, rows x maxWidth() values
     * @param scratchB scratch, rows x maxWidth() values
     * @param k the kernels to compute with
     */
    public void apply(float[] features, int rows, float[] out, float[] scratchA, float[] scratchB, Kernels k) {
        float[] in = features;
        for (int i = 0; i < layers.size(); i++) {
            boolean last = i == layers.size() - 1;
            float[] dst = last ? out : (i % 2 == 0 ? scratchA : scratchB);
            k.dense(in, rows, layers.get(i), dst, !last);
            in = dst;
        }
    }
}
