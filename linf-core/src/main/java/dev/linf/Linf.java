package dev.linf;

import dev.linf.image.Images;
import dev.linf.model.LinfModel;
import dev.linf.model.OutputSize;
import dev.linf.model.SeededNoise;
import dev.linf.spi.DefaultModelProvider;
import dev.linf.spi.KernelsProvider;
import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ServiceLoader;

/**
 * One-line upscaling with the bundled default model (linf-weights on the class path).
 *
 * <pre>{@code
 * BufferedImage big = Linf.upscale(ImageIO.read(file), 3.5);
 * }</pre>
 */
public final class Linf {
    private Linf() {
    }

    /** Upscales by {@code scale} at T = 0 (sharp and deterministic) with the default model. */
    public static BufferedImage upscale(BufferedImage image, double scale) {
        Tensor in = Images.toTensor(image);
        int h = OutputSize.scaled(in.dim(1), scale);
        int w = OutputSize.scaled(in.dim(2), scale);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        defaultModel().upscale(in, h, w, 0f, new SeededNoise(0), Images.sinkInto(out));
        return out;
    }

    /**
     * The bundled default model, on the fastest kernels on the class path (linf-cpu's Vector API
     * kernels when present) and as many threads as there are processors.
     *
     * @throws LinfException when no provider or no bundled model is on the class path
     */
    public static LinfModel defaultModel() {
        return Holder.MODEL;
    }

    private static final class Holder {
        static final LinfModel MODEL = find();

        private static LinfModel find() {
            for (DefaultModelProvider p : ServiceLoader.load(DefaultModelProvider.class, Linf.class.getClassLoader())) {
                var m = p.defaultModel();
                if (m.isPresent()) {
                    return m.get().withKernels(KernelsProvider.fastest())
                            .withThreads(Runtime.getRuntime().availableProcessors());
                }
            }
            throw new LinfException(null, "no default model is bundled in this build (add linf-weights with"
                    + " its bundled model to the class path, or load weights with Checkpoints.load)");
        }
    }
}
