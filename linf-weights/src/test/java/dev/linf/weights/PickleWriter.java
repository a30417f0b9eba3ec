package dev.linf.weights;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Emits pickle opcodes by hand, to build well-formed and hostile checkpoints in tests. */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter() {
        op(0x80);
        op(2);
    }

    PickleWriter op(int b) {
        out.write(b);
        return this;
    }

    PickleWriter global(String module, String name) {
        op('c');
        byte[] b = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
        return this;
    }

    PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        int n = b.length;
        op(n & 0xff).op((n >> 8) & 0xff).op((n >> 16) & 0xff).op(n >>> 24);
        out.write(b, 0, b.length);
        return this;
    }

    /** An integer, as BININT1 / BININT or LONG1 for large values. */
    PickleWriter integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            return op((int) v & 0xff).op((int) (v >> 8) & 0xff).op((int) (v >> 16) & 0xff).op((int) (v >>> 24) & 0xff);
        }
        op(0x8a).op(8);
        for (int i = 0; i < 8; i++) {
            op((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter setItems() {
        return op('u');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter stop() {
        return op('.');
    }

    /** A float32 tensor of {@code shape} (contiguous) on storage {@code key} of {@code numel} elements. */
    PickleWriter tensor(String key, long numel, long offset, long... shape) {
        return tensor("FloatStorage", key, numel, offset, shape);
    }

    /** A contiguous tensor on a storage of type {@code torch.<storageType>}. */
    PickleWriter tensor(String storageType, String key, long numel, long offset, long... shape) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).tuple();
        op('Q'); // BINPERSID
        integer(offset);
        mark();
        for (long s : shape) {
            integer(s);
        }
        tuple();
        mark();
        long stride = 1;
        long[] strides = new long[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        for (long s : strides) {
            integer(s);
        }
        tuple();
        op(0x89); // NEWFALSE (requires_grad)
        global("collections", "OrderedDict").emptyTuple().reduce();
        tuple();
        return reduce();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
