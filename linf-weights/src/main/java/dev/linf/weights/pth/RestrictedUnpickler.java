package dev.linf.weights.pth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle reader that understands exactly what a PyTorch state-dict checkpoint needs and nothing
 * more. It never loads or calls anything a pickle names: the only globals accepted are
 * {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2} and PyTorch's storage
 * type names, each mapped to a fixed Java action; any other global is refused by name. Tensors
 * become {@link TensorRef}s (no data is read here). Values become String, Long, Double, Boolean,
 * null, {@code List} (lists and tuples) and {@code LinkedHashMap} (dicts, in insertion order).
 */
public final class RestrictedUnpickler {

    /** Thrown for anything outside the supported subset; the message says what and where. */
    public static final class PickleException extends Exception {
        PickleException(String message) {
            super(message);
        }
    }

    private enum Global { ORDERED_DICT, REBUILD_TENSOR }

    private static final Object MARK = new Object();
    /**
     * Values pushed, stored or memoised in all, at most: a state dict of a few thousand tensors
     * needs some tens of thousands; the cap keeps a pickle of one-byte opcodes from filling the heap.
     */
    static final int MAX_VALUES = 2_000_000;

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int values;

    private RestrictedUnpickler(byte[] data) {
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Parses a whole pickle and returns its top-level object. */
    public static Object load(byte[] data) throws PickleException {
        try {
            return new RestrictedUnpickler(data).run();
        } catch (StackOverflowError e) {
            // Nothing here recurses on the pickle's structure; this guards what might in future.
            throw new PickleException("pickle nests too deeply");
        }
    }

    private Object run() throws PickleException {
        try {
            while (true) {
                int pos = in.position();
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> { // PROTO
                        int v = in.get() & 0xff;
                        if (v > 5) {
                            throw error(pos, "unsupported pickle protocol " + v);
                        }
                    }
                    case '.' -> { // STOP
                        if (stack.size() != 1 || !marks.isEmpty()) {
                            throw error(pos, "malformed pickle (stack not balanced at STOP)");
                        }
                        return stack.getFirst();
                    }
                    case '(' -> { // MARK
                        marks.add(stack.size());
                        push(MARK);
                    }
                    case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                    case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                    case ')' -> push(List.of()); // EMPTY_TUPLE
                    case 's' -> { // SETITEM
                        Object value = pop(pos);
                        Object key = pop(pos);
                        count(1, pos);
                        dict(peek(pos), pos).put(key(key, pos), value);
                    }
                    case 'u' -> { // SETITEMS
                        List<Object> items = popMark(pos);
                        if (items.size() % 2 != 0) {
                            throw error(pos, "odd number of items for SETITEMS");
                        }
                        Map<String, Object> d = dict(peek(pos), pos);
                        count(items.size(), pos);
                        for (int i = 0; i < items.size(); i += 2) {
                            d.put(key(items.get(i), pos), items.get(i + 1));
                        }
                    }
                    case 'a' -> { // APPEND
                        Object value = pop(pos);
                        count(1, pos);
                        list(peek(pos), pos).add(value);
                    }
                    case 'e' -> { // APPENDS
                        List<Object> items = popMark(pos);
                        count(items.size(), pos);
                        list(peek(pos), pos).addAll(items);
                    }
                    case 't' -> push(java.util.Collections.unmodifiableList(popMark(pos))); // TUPLE
                    case 0x85 -> push(tuple(pop(pos))); // TUPLE1
                    case 0x86 -> { // TUPLE2
                        Object b = pop(pos);
                        Object a = pop(pos);
                        push(tuple(a, b));
                    }
                    case 0x87 -> { // TUPLE3
                        Object c = pop(pos);
                        Object b = pop(pos);
                        Object a = pop(pos);
                        push(tuple(a, b, c));
                    }
                    case 'X' -> push(string(Integer.toUnsignedLong(in.getInt()), pos)); // BINUNICODE
                    case 0x8c -> push(string(in.get() & 0xff, pos)); // SHORT_BINUNICODE
                    case 'J' -> push((long) in.getInt()); // BININT
                    case 'K' -> push((long) (in.get() & 0xff)); // BININT1
                    case 'M' -> push((long) (in.getShort() & 0xffff)); // BININT2
                    case 0x8a -> push(long1(pos)); // LONG1
                    case 'G' -> push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                    case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                    case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                    case 'N' -> push(null); // NONE
                    case 'q' -> memoPut(in.get() & 0xff, pos); // BINPUT
                    case 'r' -> memoPut(Integer.toUnsignedLong(in.getInt()), pos); // LONG_BINPUT
                    case 0x94 -> memoPut(memo.size(), pos); // MEMOIZE
                    case 'h' -> push(memoGet(in.get() & 0xff, pos)); // BINGET
                    case 'j' -> push(memoGet(Integer.toUnsignedLong(in.getInt()), pos)); // LONG_BINGET
                    case 'c' -> push(global(line(pos), line(pos), pos)); // GLOBAL
                    case 'R' -> { // REDUCE
                        Object args = pop(pos);
                        Object callable = pop(pos);
                        push(reduce(callable, args, pos));
                    }
                    case 'b' -> { // BUILD
                        Object state = pop(pos);
                        Object target = peek(pos);
                        // OrderedDict state carries only the module's _metadata: ignored.
                        if (!(target instanceof Map) || !(state instanceof Map || state == null)) {
                            throw error(pos, "BUILD is only supported on dictionaries");
                        }
                    }
                    case 'Q' -> push(persistentLoad(pop(pos), pos)); // BINPERSID
                    default -> throw error(pos, String.format("unsupported pickle opcode 0x%02x", op));
                }
                // The 'G' case switched the byte order; restore it for the next opcode.
                in.order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new PickleException("pickle is truncated");
        }
    }

    private Object global(String module, String name, int pos) throws PickleException {
        String full = module + "." + name;
        StorageRef.DType storage = StorageRef.DType.ofGlobal(full);
        if (storage != null) {
            return storage; // a type marker for persistent ids; nothing is instantiated
        }
        return switch (full) {
            case "collections.OrderedDict" -> Global.ORDERED_DICT;
            case "torch._utils._rebuild_tensor_v2" -> Global.REBUILD_TENSOR;
            default -> throw error(pos, "pickle refers to global '" + full
                    + "', which a state dict never needs; refused (nothing was loaded or run)");
        };
    }

    private Object reduce(Object callable, Object args, int pos) throws PickleException {
        if (!(args instanceof List<?> a)) {
            throw error(pos, "REDUCE arguments are not a tuple");
        }
        if (callable == Global.ORDERED_DICT) {
            if (!a.isEmpty()) {
                throw error(pos, "OrderedDict with constructor arguments is not supported");
            }
            return new LinkedHashMap<String, Object>();
        }
        if (callable == Global.REBUILD_TENSOR) {
            if (a.size() < 4 || a.size() > 7 || !(a.get(0) instanceof StorageRef storage)
                    || !(a.get(1) instanceof Long offset)) {
                throw error(pos, "malformed _rebuild_tensor_v2 arguments");
            }
            return new TensorRef(storage, offset, longs(a.get(2), pos), longs(a.get(3), pos));
        }
        throw error(pos, "REDUCE on something that is not callable here");
    }

    private Object persistentLoad(Object pid, int pos) throws PickleException {
        // ('storage', <storage type>, key, location, numel)
        if (!(pid instanceof List<?> t) || t.size() != 5 || !"storage".equals(t.get(0))
                || !(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel) || numel < 0) {
            throw error(pos, "unsupported persistent id " + describe(pid));
        }
        if (!(t.get(1) instanceof StorageRef.DType dtype)) {
            throw error(pos, "unsupported storage type in persistent id");
        }
        return new StorageRef(dtype, key, numel);
    }

    private long[] longs(Object o, int pos) throws PickleException {
        if (!(o instanceof List<?> l)) {
            throw error(pos, "tensor size/stride is not a tuple");
        }
        long[] r = new long[l.size()];
        for (int i = 0; i < r.length; i++) {
            if (!(l.get(i) instanceof Long v)) {
                throw error(pos, "tensor size/stride holds a non-integer");
            }
            r[i] = v;
        }
        return r;
    }

    private Object long1(int pos) throws PickleException {
        int n = in.get() & 0xff;
        if (n > 8) {
            throw error(pos, "integer wider than 64 bits");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in.get() & 0xff) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
            v -= 1L << (8 * n); // two's complement sign
        }
        return v;
    }

    private String string(long length, int pos) throws PickleException {
        if (length > in.remaining()) {
            throw error(pos, "string runs past the end of the pickle");
        }
        byte[] b = new byte[(int) length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private String line(int pos) throws PickleException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            byte b = in.get();
            if (b == '\n') {
                return sb.toString();
            }
            if (sb.length() > 256) {
                throw error(pos, "GLOBAL name too long");
            }
            sb.append((char) (b & 0xff));
        }
    }

    private void memoPut(long index, int pos) throws PickleException {
        count(1, pos);
        memo.put(index, peek(pos));
    }

    private void count(int n, int pos) throws PickleException {
        values += n;
        if (values > MAX_VALUES || values < 0) {
            throw error(pos, "pickle holds more than " + MAX_VALUES + " values; no state dict needs that many");
        }
    }

    /**
     * A short description of an untrusted value for a message: its type, and a string's or
     * number's text. Never {@code toString} of a container, which may hold itself or nest
     * deeper than the stack.
     */
    static String describe(Object o) {
        if (o instanceof String str) {
            return "'" + (str.length() > 40 ? str.substring(0, 40) + "..." : str) + "'";
        }
        if (o instanceof Long || o instanceof Double || o instanceof Boolean || o == null) {
            return String.valueOf(o);
        }
        if (o instanceof List<?> l) {
            return "(a sequence of length " + l.size() + ")";
        }
        if (o instanceof Map<?, ?> m) {
            return "(a dict of " + m.size() + " items)";
        }
        return "(" + o.getClass().getSimpleName() + ")";
    }

    private Object memoGet(long index, int pos) throws PickleException {
        if (!memo.containsKey(index)) {
            throw error(pos, "memo entry " + index + " is not defined");
        }
        return memo.get(index);
    }

    private static List<Object> tuple(Object... items) {
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(items));
    }

    private void push(Object o) throws PickleException {
        count(1, in.position());
        stack.add(o);
    }

    private Object pop(int pos) throws PickleException {
        if (stack.isEmpty() || stack.getLast() == MARK) {
            throw error(pos, "pickle stack underflow");
        }
        return stack.removeLast();
    }

    private Object peek(int pos) throws PickleException {
        if (stack.isEmpty() || stack.getLast() == MARK) {
            throw error(pos, "pickle stack underflow");
        }
        return stack.getLast();
    }

    private List<Object> popMark(int pos) throws PickleException {
        if (marks.isEmpty()) {
            throw error(pos, "no MARK on the stack");
        }
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> dict(Object o, int pos) throws PickleException {
        if (!(o instanceof Map)) {
            throw error(pos, "SETITEM on something that is not a dict");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, int pos) throws PickleException {
        if (!(o instanceof ArrayList)) {
            throw error(pos, "APPEND on something that is not a list");
        }
        return (List<Object>) o;
    }

    private String key(Object k, int pos) throws PickleException {
        if (k instanceof String s) {
            return s;
        }
        if (k instanceof Long || k instanceof Boolean) {
            return String.valueOf(k); // e.g. Adam state keyed by parameter index
        }
        throw error(pos, "unsupported dict key type");
    }

    private PickleException error(int pos, String what) {
        return new PickleException(what + " (at byte " + pos + ")");
    }
}
