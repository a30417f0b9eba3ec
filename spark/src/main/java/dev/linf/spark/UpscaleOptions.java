package dev.linf.spark;

import dev.linf.Target;
import java.io.Serializable;

/**
 * What every task of a {@link LinfSpark#upscale} does, shipped to the executors.
 *
 * @param scale the scale factor, or 0 when a size is given
 * @param width output width, or 0 (with a height: keep the aspect)
 * @param height output height, or 0 (with a width: keep the aspect)
 * @param temperature sampling temperature
 * @param seed seed of the latent noise
 * @param weights the checkpoint's path on every executor, or null for the bundled model
 * @param weightsKey identifies the weights' content (their SHA-256), keying the per-JVM model cache
 * @param format output format ({@code png} or {@code jpg}), or null for the input's
 * @param outputDir where executors write the outputs (a path they all see), or null to return the bytes
 * @param overwrite replace existing outputs (otherwise they are skipped: reruns resume)
 */
public record UpscaleOptions(double scale, int width, int height, float temperature, long seed, String weights,
        String weightsKey, String format, String outputDir, boolean overwrite) implements Serializable {

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException naming the first bad value
     */
    public UpscaleOptions {
        target(scale, width, height); // validates
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (format != null && !format.equals("png") && !format.equals("jpg")) {
            throw new IllegalArgumentException("format must be png or jpg, got '" + format + "'");
        }
    }

    /** {@return the output size asked for} */
    Target target() {
        return target(scale, width, height);
    }

    private static Target target(double scale, int width, int height) {
        if (width > 0 && height > 0) {
            return Target.size(width, height);
        }
        if (width > 0) {
            return Target.width(width);
        }
        if (height > 0) {
            return Target.height(height);
        }
        return Target.scale(scale);
    }
}
