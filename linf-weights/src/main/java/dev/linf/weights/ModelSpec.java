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

    /** Deepest nesting of lists and dicts kept (official specs nest three deep). */
    static final int MAX_DEPTH = 16;
    /** Most values kept in all. */
    static final int MAX_VALUES = 100_000;

    /**
     * Copies {@code args} into unmodifiable lists and maps, so the spec is immutable and, as a
     * file's dict may hold itself or nest arbitrarily deep, so printing or comparing it can
     * never recurse without end.
     *
     * @throws IllegalArgumentException when {@code args} nests deeper than {@value #MAX_DEPTH}
     *     (a dict holding itself does) or holds more than {@value #MAX_VALUES} values
     */
    public ModelSpec {
        int[] budget = {MAX_VALUES};
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copy(args == null ? Map.of() : args, 0, budget);
        args = copy;
    }

    private static Object copy(Object v, int depth, int[] budget) {
        if (--budget[0] < 0) {
            throw new IllegalArgumentException("the model spec holds more than " + MAX_VALUES + " values");
        }
        if (v instanceof Map<?, ?> || v instanceof java.util.List<?>) {
            if (depth >= MAX_DEPTH) {
                throw new IllegalArgumentException("the model spec nests more than " + MAX_DEPTH + " deep");
            }
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), copy(e.getValue(), depth + 1, budget));
            }
            return java.util.Collections.unmodifiableMap(out);
        }
        if (v instanceof java.util.List<?> l) {
            java.util.List<Object> out = new java.util.ArrayList<>(l.size());
            for (Object o : l) {
                out.add(copy(o, depth + 1, budget));
            }
            return java.util.Collections.unmodifiableList(out);
        }
        return v;
    }

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
