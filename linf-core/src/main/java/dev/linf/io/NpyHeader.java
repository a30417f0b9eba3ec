package dev.linf.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The header dictionary of a {@code .npy} file, a Python literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 64, 64), }}, read by a
 * single left-to-right scan (linear in the header's length, whatever it holds: a regular
 * expression with adjacent optional spaces backtracks quadratically on a header of spaces).
 * Keys may come in any order; each of the three must appear exactly once.
 *
 * @param descr the dtype string, e.g. {@code <f4}
 * @param fortranOrder whether the data is in Fortran order
 * @param shape the extents, each at least 0
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {
    /** The most dimensions accepted (NumPy's own limit is 64). */
    private static final int MAX_RANK = 64;

    NpyHeader {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    static NpyHeader parse(String text, Path file) {
        return new Scanner(text, file).header();
    }

    /** A cursor over the header text; every method moves forward only. */
    private static final class Scanner {
        private final String s;
        private final Path file;
        private int i;

        Scanner(String s, Path file) {
            this.s = s;
            this.file = file;
        }

        NpyHeader header() {
            String descr = null;
            Boolean fortran = null;
            int[] shape = null;
            spaces();
            expect('{');
            while (true) {
                spaces();
                if (peek() == '}') {
                    i++;
                    break;
                }
                String key = string();
                spaces();
                expect(':');
                spaces();
                switch (key) {
                    case "descr" -> descr = once(descr, key, string());
                    case "fortran_order" -> fortran = once(fortran, key, bool());
                    case "shape" -> shape = once(shape, key, tuple());
                    default -> throw fail("unexpected key '" + shorten(key) + "'");
                }
                spaces();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw fail("expected ',' or '}' at character " + i);
                }
            }
            spaces();
            if (i != s.length()) {
                throw fail("text after the dictionary at character " + i);
            }
            if (descr == null || fortran == null || shape == null) {
                throw fail("the dictionary needs 'descr', 'fortran_order' and 'shape'");
            }
            return new NpyHeader(descr, fortran, shape);
        }

        private <T> T once(T previous, String key, T value) {
            if (previous != null) {
                throw fail("key '" + key + "' appears twice");
            }
            return value;
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw fail("expected a quoted string at character " + i);
            }
            int end = s.indexOf(quote, i + 1);
            if (end < 0) {
                throw fail("unterminated string at character " + i);
            }
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private Boolean bool() {
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            throw fail("expected True or False at character " + i);
        }

        /** {@code ()}, {@code (n,)} or {@code (a, b, ...)} with an optional trailing comma. */
        private int[] tuple() {
            expect('(');
            int[] dims = new int[MAX_RANK];
            int rank = 0;
            while (true) {
                spaces();
                if (peek() == ')') {
                    i++;
                    return Arrays.copyOf(dims, rank);
                }
                if (rank == MAX_RANK) {
                    throw fail("shape has more than " + MAX_RANK + " dimensions");
                }
                dims[rank++] = extent();
                spaces();
                if (peek() == ',') {
                    i++;
                } else if (peek() != ')') {
                    throw fail("expected ',' or ')' in the shape at character " + i);
                }
            }
        }

        private int extent() {
            int start = i;
            long v = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i++) - '0');
                if (v > Integer.MAX_VALUE) {
                    throw fail("shape extent too large at character " + start);
                }
            }
            if (s.startsWith("L", i)) {
                i++; // Python 2 long suffix, written by old NumPy versions
            }
            if (i == start) {
                throw fail("bad shape entry at character " + start);
            }
            return (int) v;
        }

        private void spaces() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw fail("header ends early");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw fail("expected '" + c + "' at character " + i);
            }
            i++;
        }

        private NpyFormatException fail(String what) {
            return new NpyFormatException(file, "malformed header: " + what);
        }

        private static String shorten(String v) {
            return v.length() > 40 ? v.substring(0, 40) + "..." : v;
        }
    }
}
