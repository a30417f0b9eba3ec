package dev.linf.weights;

import java.util.Map;

/**
 * The model description stored beside the weights: the official {@code model.name}
 * ({@code linf} or {@code linf-patch}) and {@code model.args} (encoder_spec, hidden_dim, ...),
 * as plain Java values (String, Long, Double, Boolean, List, Map). Either may be absent.
 *
 * @param name the spec's name ({@code linf} or {@code linf-patch})
 * @param args its arguments
 */
public record ModelSpec(String name, Map<String, Object> args) {
    public static final ModelSpec UNKNOWN = new ModelSpec(null, Map.of());

    /**
     * {@code args.encoder_spec.name}, or null.
     *
     * @return the encoder's name, e.g. {@code edsr-baseline}
     */
    public String encoderName() {
        if (args.get("encoder_spec") instanceof Map<?, ?> enc && enc.get("name") instanceof String s) {
            return s;
        }
        return null;
    }
}
