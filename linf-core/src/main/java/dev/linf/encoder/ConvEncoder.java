package dev.linf.encoder;

import dev.linf.kernels.ConvWeights;
import java.util.List;

/**
 * An encoder made only of convolutions (plus element-wise steps): its parameter count, cost and
 * receptive radius follow from the list of its convolutions.
 */
abstract class ConvEncoder implements Encoder {

    /** Every convolution the forward pass runs, in any order. */
    abstract List<ConvWeights> convs();

    @Override
    public long parameterCount() {
        return Layers.parameters(convs());
    }

    @Override
    public long macsPerPixel() {
        return Layers.macsPerPixel(convs());
    }

    @Override
    public int receptiveRadius() {
        return Layers.radius(convs());
    }
}
