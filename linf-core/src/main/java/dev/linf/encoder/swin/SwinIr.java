package dev.linf.encoder.swin;

import dev.linf.encoder.Encoder;
import dev.linf.encoder.Layers;
import dev.linf.kernels.ConvWeights;
import dev.linf.kernels.Kernels;
import dev.linf.kernels.Parallel;
import dev.linf.kernels.PixelMajor;
import dev.linf.tensor.Tensor;
import java.util.List;

/**
 * SwinIR without upsampler (spec section 3.3): reflect-pads the input to a multiple of the window,
 * a first conv, residual Swin transformer stages (Swin blocks, then a 3x3 conv on the map, plus the
 * stage input), LayerNorm, a conv with the global skip, and a conv to 64 channels with
 * LeakyReLU(0.01). The features stay on the padded grid, as in the official code.
 *
 * <p>Attention spans whole windows and the shifted windows chain them together, so a feature can
 * depend on any input pixel: this encoder is never tiled.
 */
public final class SwinIr implements Encoder {
    private static final float OUTPUT_SLOPE = 0.01f;
    /**
     * The official scripts evaluate SwinIR with {@code test.py --window 8} whatever the model's
     * attention window; a model whose window does not divide the padded size reflect-pads further
     * inside, as the official encoder does.
     */
    public static final int EVALUATION_WINDOW = 8;

    /**
     * A residual Swin transformer block (RSTB): its Swin blocks and the closing conv.
     *
     * @param blocks its Swin transformer blocks
     * @param conv the 3x3 convolution closing the stage
     */
    public record Stage(List<SwinBlock> blocks, ConvWeights conv) {
        /** Copies the list. */
        public Stage {
            blocks = List.copyOf(blocks);
        }
    }

    private final ConvWeights first;
    private final LayerNorm embedNorm;
    private final List<Stage> stages;
    private final LayerNorm norm;
    private final ConvWeights afterBody;
    private final ConvWeights beforeUpsample;
    private final int windowSize;

    /**
     * An encoder from its weights.
     *
     * @param first the shallow-feature convolution
     * @param embedNorm the LayerNorm of the patch embedding
     * @param stages the residual Swin stages
     * @param norm the LayerNorm after the stages
     * @param afterBody the convolution after the body
     * @param beforeUpsample the convolution giving the features
     */
    public SwinIr(ConvWeights first, LayerNorm embedNorm, List<Stage> stages, LayerNorm norm, ConvWeights afterBody,
            ConvWeights beforeUpsample) {
        if (stages.isEmpty() || stages.getFirst().blocks().isEmpty()) {
            throw new IllegalArgumentException("SwinIR needs at least one stage with one block");
        }
        this.first = first;
        this.embedNorm = embedNorm;
        this.stages = List.copyOf(stages);
        this.norm = norm;
        this.afterBody = afterBody;
        this.beforeUpsample = beforeUpsample;
        this.windowSize = stages.getFirst().blocks().getFirst().windowSize();
    }

    @Override
    public String name() {
        return "swinir";
    }

    /**
     * Channels of the token embedding.
     *
     * @return the count
     */
    public int embedDim() {
        return first.outChannels();
    }

    /**
     * The attention window side.
     *
     * @return the side
     */
    public int windowSize() {
        return windowSize;
    }

    /**
     * Blocks per stage, in order (the official {@code depths}).
     *
     * @return blocks per stage
     */
    public List<Integer> depths() {
        return stages.stream().map(s -> s.blocks().size()).toList();
    }

    /**
     * Heads per stage (the official {@code num_heads}).
     *
     * @return attention heads per stage
     */
    public List<Integer> heads() {
        return stages.stream().map(s -> s.blocks().getFirst().heads()).toList();
    }

    @Override
    public int outChannels() {
        return beforeUpsample.outChannels();
    }

    private List<ConvWeights> convs() {
        List<ConvWeights> all = new java.util.ArrayList<>(List.of(first, afterBody, beforeUpsample));
        stages.forEach(s -> all.add(s.conv()));
        return all;
    }

    private List<SwinBlock> blocks() {
        return stages.stream().flatMap(s -> s.blocks().stream()).toList();
    }

    @Override
    public long parameterCount() {
        long norms = 2L * embedNorm.channels() + 2L * norm.channels();
        return Layers.parameters(convs()) + norms + blocks().stream().mapToLong(SwinBlock::parameterCount).sum();
    }

    @Override
    public long macsPerPixel() {
        return Layers.macsPerPixel(convs()) + blocks().stream().mapToLong(SwinBlock::macsPerToken).sum();
    }

    @Override
    public int receptiveRadius() {
        return Integer.MAX_VALUE / 4;
    }

    @Override
    public boolean tileable() {
        return false;
    }

    /**
     * Whole-map token buffers of width embed_dim: input, shortcut, normalised tokens, Q/K/V,
     * attention output, the MLP's hidden layer (2 x) and a padded copy, in float32. Measured: the
     * full-size official SwinIR-LINF on 128x128 (136x136 padded) fails in a 256 MB heap and runs in
     * 384 MB; this estimate with the feature maps gives about 11 KB per pixel, 205 MB there.
     */
    @Override
    public long workingBytesPerPixel() {
        return 4L * 10 * embedDim();
    }

    @Override
    public int mirrorPadWindow() {
        return EVALUATION_WINDOW;
    }

    @Override
    public Tensor encode(Tensor inp, Kernels kernels, Parallel parallel) {
        Tensor x = reflectPad(inp, windowSize);
        int h = x.dim(1);
        int w = x.dim(2);
        Tensor x0 = kernels.conv2d(x, first, parallel);
        float[] t = tokens(x0);
        embedNorm.apply(kernels, t, t, h * w);
        int c = embedDim();
        float[] qkvOut = new float[h * w * 3 * c]; // the blocks' working memory, reused
        float[] attended = new float[h * w * c];
        for (Stage s : stages) {
            float[] r = t.clone();
            for (SwinBlock b : s.blocks()) {
                b.apply(t, h, w, kernels, parallel, qkvOut, attended);
            }
            // Tokens (H*W, C) are pixel-major: the convolution reads and writes them as they are.
            float[] convolved = kernels.conv2dHwc(Tensor.of(t, h, w, c), s.conv(), parallel).data();
            for (int i = 0; i < t.length; i++) {
                t[i] = convolved[i] + r[i];
            }
        }
        norm.apply(kernels, t, t, h * w);
        Tensor y = Layers.add(PixelMajor.toChw(kernels.conv2dHwc(Tensor.of(t, h, w, c), afterBody, parallel), parallel), x0);
        return Layers.leakyRelu(kernels.conv2d(y, beforeUpsample, parallel), OUTPUT_SLOPE);
    }

    /** (C, h, w) to (h*w, C) tokens. */
    private static float[] tokens(Tensor map) {
        int c = map.dim(0);
        int n = map.dim(1) * map.dim(2);
        float[] src = map.data();
        float[] out = new float[src.length];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < n; p++) {
                out[p * c + ch] = src[ch * n + p];
            }
        }
        return out;
    }

    /**
     * {@code check_image_size}: reflect (edge not repeated) padding at the bottom and right up to a
     * multiple of the window.
     */
    static Tensor reflectPad(Tensor x, int window) {
        int c = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        int hp = (h + window - 1) / window * window;
        int wp = (w + window - 1) / window * window;
        if (hp == h && wp == w) {
            return x;
        }
        if (hp - h >= h || wp - w >= w) {
            throw new IllegalArgumentException("a " + h + "x" + w + " input is too small to reflect-pad to " + hp + "x"
                    + wp);
        }
        float[] out = new float[c * hp * wp];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < hp; y++) {
                int sy = y < h ? y : 2 * (h - 1) - y;
                for (int xx = 0; xx < wp; xx++) {
                    int sx = xx < w ? xx : 2 * (w - 1) - xx;
                    out[(ch * hp + y) * wp + xx] = x.data()[(ch * h + sy) * w + sx];
                }
            }
        }
        return Tensor.of(out, c, hp, wp);
    }
}
