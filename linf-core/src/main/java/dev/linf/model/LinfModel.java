package dev.linf.model;

import dev.linf.encoder.Encoder;
import dev.linf.flow.ConditionalFlow;
import dev.linf.fourier.FourierEnsemble;
import dev.linf.mlp.ImplicitMlp;
import dev.linf.tensor.Tensor;
import java.util.Objects;

/**
 * What a LINF model is: its four stages (encoder, Fourier-feature ensemble, implicit MLP,
 * conditional flow), checked to fit together, and the {@link QueryProtocol} its family is
 * evaluated with. Immutable and thread-safe. How it runs (kernels, threads, tiles, progress,
 * cancellation) is a {@code dev.linf.runner.ModelRunner}'s business.
 *
 * <pre>{@code
 * LinfModel model = Checkpoints.load(Path.of("edsr-baseline-linf.pth"));
 * Tensor hr = ModelRunner.of(model).upscale(lr, 2.5, 0f, new SeededNoise(0)); // T = 0
 * }</pre>
 */
public final class LinfModel {
    private final Encoder encoder;
    private final FourierEnsemble ensemble;
    private final ImplicitMlp mlp;
    private final ConditionalFlow flow;
    private final QueryProtocol protocol;

    /**
     * A model from its stages; the protocol follows from them (3x3 patches for a 27-dim flow, a
     * mirror-padded input for an encoder with a {@link Encoder#mirrorPadWindow() window}).
     *
     * @param encoder LR image to features
     * @param ensemble features to each query's Fourier features
     * @param mlp Fourier features to flow conditions
     * @param flow conditions and latent to colours
     * @throws IllegalArgumentException when the stages' sizes do not fit together
     */
    public LinfModel(Encoder encoder, FourierEnsemble ensemble, ImplicitMlp mlp, ConditionalFlow flow) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.ensemble = Objects.requireNonNull(ensemble, "ensemble");
        this.mlp = Objects.requireNonNull(mlp, "mlp");
        this.flow = Objects.requireNonNull(flow, "flow");
        if (encoder.outChannels() != ensemble.inChannels()) {
            throw new IllegalArgumentException("the encoder gives " + encoder.outChannels()
                    + " channels but coef/freq take " + ensemble.inChannels());
        }
        if (mlp.inFeatures() != ensemble.featureLength()) {
            throw new IllegalArgumentException("the MLP takes " + mlp.inFeatures() + " features but the Fourier"
                    + " ensemble gives " + ensemble.featureLength());
        }
        if (mlp.outFeatures() != flow.conditionLength()) {
            throw new IllegalArgumentException("the MLP gives " + mlp.outFeatures() + " values but the flow needs "
                    + flow.conditionLength());
        }
        this.protocol = protocolFor(encoder, flow);
    }

    private static QueryProtocol protocolFor(Encoder encoder, ConditionalFlow flow) {
        int patchDim = 3 * PatchGrid.PATCH * PatchGrid.PATCH;
        if (flow.dim() != 3 && flow.dim() != patchDim) {
            throw new IllegalArgumentException("the flow must be 3-dimensional (one pixel per query) or 27-dimensional"
                    + " (3x3 patches), got " + flow.dim());
        }
        int window = encoder.mirrorPadWindow();
        if (flow.dim() == patchDim) {
            if (window > 0) {
                throw new IllegalArgumentException("patch models with a window-padded encoder do not exist officially");
            }
            return PatchQueries.INSTANCE;
        }
        return window > 0 ? new MirrorPaddedQueries(window) : PixelQueries.INSTANCE;
    }

    /** {@return the encoder} */
    public Encoder encoder() {
        return encoder;
    }

    /** {@return the Fourier-feature ensemble} */
    public FourierEnsemble ensemble() {
        return ensemble;
    }

    /** {@return the implicit MLP} */
    public ImplicitMlp mlp() {
        return mlp;
    }

    /** {@return the conditional flow} */
    public ConditionalFlow flow() {
        return flow;
    }

    /** {@return how this model's family is queried} */
    public QueryProtocol protocol() {
        return protocol;
    }

    /** {@return pixels per query side: 1, or 3 for LINF-patch (27-dimensional flow)} */
    public int patchSize() {
        return protocol instanceof PatchQueries ? PatchGrid.PATCH : 1;
    }

    /** {@return the number of parameters of all four stages} */
    public long parameterCount() {
        return encoder.parameterCount() + ensemble.parameterCount() + mlp.parameterCount() + flow.parameterCount();
    }

    /** {@return one line: encoder, sizes and parameter count} */
    public String describe() {
        return String.format("LINF%s (%s encoder, %d-wide Fourier ensemble, %d-layer MLP, %d-step flow on D=%d),"
                        + " %,d parameters", patchSize() == 1 ? "" : "-patch (3x3 patches)", encoder.name(),
                ensemble.hidden(), mlp.layers().size(), flow.steps(), flow.dim(), parameterCount());
    }

    /**
     * The official evaluation's input and query grid for upscaling {@code image} (in [0, 1]) to H x W.
     *
     * @param image (3, h, w) in [0, 1]
     * @param outHeight H
     * @param outWidth W
     * @return what the official evaluation feeds the model
     */
    public Evaluation evaluation(Tensor image, int outHeight, int outWidth) {
        return protocol.evaluation(image, outHeight, outWidth);
    }

    /**
     * The shape (rows, cols, D) of the latents the official code draws when this model upscales
     * h x w to H x W, the layout {@link ReplayedNoise} replays: (H, W, 3) for one pixel per query;
     * the patch grid's (H/3 + 1, W/3 + 1, 27) for LINF-patch; SwinIR's padded grid (s hp, s wp, 3)
     * for an integer factor s (output queries are its top-left H x W).
     *
     * @param inHeight h
     * @param inWidth w
     * @param outHeight H
     * @param outWidth W
     * @return {rows, cols, D}
     */
    public int[] latentShape(int inHeight, int inWidth, int outHeight, int outWidth) {
        return protocol.latentShape(inHeight, inWidth, outHeight, outWidth, flow.dim());
    }

    /**
     * {@code (x - 0.5) / 0.5}: the [0, 1] image to the model's [-1, 1] input, in float32.
     *
     * @param image (3, H, W) in [0, 1]
     * @return a new (3, H, W) tensor in [-1, 1]
     */
    public static Tensor normalise(Tensor image) {
        requireImage(image, "image");
        float[] src = image.data();
        float[] dst = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            dst[i] = (src[i] - 0.5f) / 0.5f;
        }
        return Tensor.of(dst, image.shape());
    }

    /**
     * Checks that {@code t} is a (3, H, W) image.
     *
     * @param t the tensor
     * @param what its name in the message
     * @throws IllegalArgumentException otherwise
     */
    public static void requireImage(Tensor t, String what) {
        if (t.rank() != 3 || t.dim(0) != 3 || t.dim(1) < 1 || t.dim(2) < 1) {
            throw new IllegalArgumentException(what + " must have shape (3, H, W) with H, W >= 1, got " + t);
        }
    }
}
