package dev.linf;

import dev.linf.errors.LinfException;
import dev.linf.model.LinfModel;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One-line upscaling with the bundled default model (linf-weights on the class path), on the
 * fastest kernels on the class path with one thread per processor.
 *
 * <pre>{@code
 * BufferedImage big = Linf.upscale(ImageIO.read(file), 3.5);
 * }</pre>
 */
public final class Linf {
    private static volatile Upscaler shared;

    private Linf() {
    }

    /**
     * Upscales by {@code scale} at T = 0 (sharp and deterministic) with the default model. The
     * result is of the same kind as {@code image}: alpha is upscaled (bicubic), gray stays gray,
     * 16 bits stay 16 bits, a palette image with transparency comes back with alpha.
     *
     * @param image the image
     * @param scale the factor, e.g. 2.37
     * @return a new image, round(h * scale) x round(w * scale)
     * @throws NullPointerException when {@code image} is null
     * @throws IllegalArgumentException when the scale or the output size is out of range
     * @throws LinfException when no default model is bundled, or the output would not fit in the heap
     */
    public static BufferedImage upscale(BufferedImage image, double scale) {
        Objects.requireNonNull(image, "image");
        Target target = Target.scale(scale);
        target.resolve(image.getHeight(), image.getWidth());
        return upscaler().upscale(image, target);
    }

    /**
     * The bundled default model.
     *
     * @return the model
     * @throws LinfException when no model is bundled in this build
     */
    public static LinfModel defaultModel() {
        return DefaultModels.get();
    }

    private static Upscaler upscaler() {
        Upscaler u = shared;
        if (u == null) {
            synchronized (Linf.class) {
                if (shared == null) {
                    shared = Upscaler.builder().build();
                }
                u = shared;
            }
        }
        return u;
    }
}
