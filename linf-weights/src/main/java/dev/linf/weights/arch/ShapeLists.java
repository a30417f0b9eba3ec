package dev.linf.weights.arch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the spec's key/shape lists (section 9): lines {@code name [d0,d1,...]} where the name may
 * hold ranges and choices, {@code a.{0..2}.b.{x,y}}; {@code #} starts a comment line. Used to build
 * official full-size architectures without their checkpoints (tests, benchmarks).
 */
public final class ShapeLists {
    private ShapeLists() {
    }

    /**
     * Every tensor a list names, with its shape, in list order.
     *
     * @param lines the list's lines
     * @return tensor name to shape
     */
    public static Map<String, int[]> parse(List<String> lines) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split(" ");
            int[] shape = shape(parts[1]);
            for (String key : expand(parts[0])) {
                out.put(key, shape);
            }
        }
        return out;
    }

    /**
     * {@code a.{0..2}.b.{x,y}} to every combination, in order.
     *
     * @param pattern the name pattern
     * @return the names
     */
    public static List<String> expand(String pattern) {
        int open = pattern.indexOf('{');
        if (open < 0) {
            return List.of(pattern);
        }
        int close = pattern.indexOf('}', open);
        String body = pattern.substring(open + 1, close);
        List<String> options = new ArrayList<>();
        if (body.contains("..")) {
            String[] ends = body.split("\\.\\.");
            for (int i = Integer.parseInt(ends[0]); i <= Integer.parseInt(ends[1]); i++) {
                options.add(Integer.toString(i));
            }
        } else {
            options.addAll(List.of(body.split(",")));
        }
        List<String> out = new ArrayList<>();
        for (String o : options) {
            for (String rest : expand(pattern.substring(close + 1))) {
                out.add(pattern.substring(0, open) + o + rest);
            }
        }
        return out;
    }

    private static int[] shape(String s) {
        String[] dims = s.substring(1, s.length() - 1).split(",");
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = Integer.parseInt(dims[i]);
        }
        return shape;
    }
}
