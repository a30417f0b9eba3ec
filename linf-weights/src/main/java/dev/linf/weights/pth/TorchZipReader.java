package dev.linf.weights.pth;

import dev.linf.tensor.Tensor;
import dev.linf.weights.CheckpointException;
import dev.linf.weights.ModelSpec;
import dev.linf.weights.StateDict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch's zip checkpoint format ({@code torch.save} since 1.6): {@code <stem>/data.pkl}
 * (a pickle read by {@link RestrictedUnpickler}) and {@code <stem>/data/<key>} raw little-endian
 * storages. Accepts the official training format {@code {'model': {name, args, sd}, ...}} and a
 * bare state dict. Only the tensors of the model's state dict are read; every tensor's extent is
 * checked against its storage before any data is allocated, and everything else in the file (the
 * optimizer state, for instance) stays unread.
 */
public final class TorchZipReader {
    private static final long MAX_PICKLE_BYTES = 64L << 20;

    private TorchZipReader() {
    }

    public static StateDict read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pkl = findPickle(zip, file);
            String stem = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            if (pkl.getSize() > MAX_PICKLE_BYTES || pkl.getSize() < 0) {
                throw new CheckpointException(file, "data.pkl is " + pkl.getSize() + " bytes; refusing");
            }
            byte[] pickle;
            try (InputStream in = zip.getInputStream(pkl)) {
                pickle = in.readNBytes((int) Math.min(pkl.getSize(), MAX_PICKLE_BYTES) + 1);
            }
            if (pickle.length != pkl.getSize()) {
                throw new CheckpointException(file, "data.pkl is shorter or longer than its zip entry says");
            }
            Object top;
            try {
                top = RestrictedUnpickler.load(pickle);
            } catch (RestrictedUnpickler.PickleException e) {
                throw new CheckpointException(file, e.getMessage());
            }
            Extracted ex = extract(top, file);
            Map<String, Integer> uses = new java.util.HashMap<>(); // tensors per storage
            for (TensorRef r : ex.refs.values()) {
                uses.merge(r.storage().key(), 1, Integer::sum);
            }
            requireHeap(zip, stem, ex.refs, uses, file);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, Storage> storages = new java.util.HashMap<>();
            for (Map.Entry<String, TensorRef> e : ex.refs.entrySet()) {
                tensors.put(e.getKey(), materialise(zip, stem, e.getKey(), e.getValue(), storages, uses, file));
            }
            return new StateDict(file, ex.spec, tensors);
        } catch (ZipException e) {
            throw new CheckpointException(file, "not a readable zip archive (truncated or corrupt: "
                    + e.getMessage() + ")");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static ZipEntry findPickle(ZipFile zip, Path file) {
        ZipEntry found = null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            String name = e.getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                if (found != null) {
                    throw new CheckpointException(file, "archive holds more than one data.pkl");
                }
                found = e;
            }
        }
        if (found == null) {
            throw new CheckpointException(file, "zip archive without <name>/data.pkl: not a PyTorch checkpoint");
        }
        return found;
    }

    private record Extracted(ModelSpec spec, Map<String, TensorRef> refs) {
    }

    /**
     * A storage with the declaration it was read for: float32 storages as floats (read straight
     * into them, so a checkpoint's weights are not held twice), others as their bytes.
     */
    private record Storage(StorageRef declared, float[] floats, byte[] bytes) {
    }

    /** Longest tensor name accepted (official names are under 100 characters). */
    private static final int MAX_NAME = 1000;

    /**
     * Refuses, before reading any storage, a state dict whose storages (read once each) and the
     * float copies of the tensors that do not take their storage's array would not fit in the heap
     * the JVM can still give.
     */
    private static void requireHeap(ZipFile zip, String stem, Map<String, TensorRef> refs, Map<String, Integer> uses,
            Path file) {
        Map<String, Long> storageBytes = new java.util.HashMap<>();
        long floats = 0;
        for (TensorRef r : refs.values()) {
            // What readStorage will allocate: the archive member's size (checked there against the pickle).
            ZipEntry entry = zip.getEntry(stem + "data/" + r.storage().key());
            long bytes = entry == null ? 0L : Math.max(0L, entry.getSize());
            storageBytes.put(r.storage().key(), bytes);
            if (!ownsStorage(r, uses)) { // a copy, never more elements than its storage (materialise checks that)
                floats = Math.min(Long.MAX_VALUE / 8, floats + bytes / r.storage().dtype().bytes);
            }
        }
        long need = 4 * floats;
        for (long b : storageBytes.values()) {
            need = Math.min(Long.MAX_VALUE / 2, need + b);
        }
        long free = dev.linf.io.Heap.available(need);
        if (need > free) {
            throw new CheckpointException(file, String.format("its tensors need about %d MB but only %d MB of heap"
                    + " are free (raise -Xmx)", need >> 20, free >> 20));
        }
    }

    /** Finds the model's state dict and spec in the unpickled object. */
    @SuppressWarnings("unchecked")
    private static Extracted extract(Object top, Path file) {
        if (!(top instanceof Map<?, ?> root)) {
            throw new CheckpointException(file, "the pickle does not hold a dictionary");
        }
        Map<String, Object> sd;
        ModelSpec spec = ModelSpec.UNKNOWN;
        if (root.get("model") instanceof Map<?, ?> model && model.get("sd") instanceof Map<?, ?> s) {
            sd = (Map<String, Object>) s;
            Object name = model.get("name");
            Object args = model.get("args");
            try {
                spec = new ModelSpec(name instanceof String n ? n : null,
                        args instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of());
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file, e.getMessage());
            }
        } else if (!root.isEmpty() && root.values().stream().allMatch(v -> v instanceof TensorRef)) {
            sd = (Map<String, Object>) root; // a bare state dict
        } else {
            throw new CheckpointException(file, "no model state dict found (expected {'model': {'sd': ...}})");
        }
        Map<String, TensorRef> refs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : sd.entrySet()) {
            if (e.getKey().length() > MAX_NAME) {
                throw new CheckpointException(file, "state dict holds a name of " + e.getKey().length()
                        + " characters (at most " + MAX_NAME + " accepted)");
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw new CheckpointException(file, "state dict entry " + e.getKey() + " is not a tensor");
            }
            refs.put(e.getKey(), ref);
        }
        return new Extracted(spec, refs);
    }

    private static Tensor materialise(ZipFile zip, String stem, String name, TensorRef ref,
            Map<String, Storage> storages, Map<String, Integer> uses, Path file) throws IOException {
        StorageRef st = ref.storage();
        if (st.dtype() != StorageRef.DType.FLOAT32 && st.dtype() != StorageRef.DType.INT64) {
            throw new CheckpointException(file, "tensor " + name + " is " + st.dtype().global
                    + "; only float32 weights (and int64 index buffers) are supported");
        }
        long[] size = ref.size();
        long[] stride = ref.stride();
        if (size.length != stride.length || size.length > 8) {
            throw new CheckpointException(file, "tensor " + name + " has a malformed shape");
        }
        int[] shape = new int[size.length];
        long numel = 1;
        long lastIndex = ref.offset();
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0 || size[i] > Integer.MAX_VALUE || stride[i] < 0) {
                throw new CheckpointException(file, "tensor " + name + " has shape " + Arrays.toString(size)
                        + " / strides " + Arrays.toString(stride) + " outside the supported range");
            }
            shape[i] = (int) size[i];
            numel = multiply(numel, size[i], file, name);
            if (size[i] > 0) {
                lastIndex = add(lastIndex, multiply(size[i] - 1, stride[i], file, name), file, name);
            }
        }
        if (ref.offset() < 0 || (numel > 0 && lastIndex >= st.numel())) {
            throw new CheckpointException(file, "tensor " + name + " (shape " + Arrays.toString(size) + ", offset "
                    + ref.offset() + ") runs past its storage of " + st.numel() + " elements");
        }
        if (numel > st.numel()) {
            throw new CheckpointException(file, "tensor " + name + " has " + numel + " elements, more than its storage"
                    + " of " + st.numel() + " (repeating strides are not supported)");
        }
        if (numel > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file, "tensor " + name + " has " + numel + " elements; too large");
        }
        Storage cached = storages.get(st.key());
        if (cached == null) {
            cached = readStorage(zip, stem, st, file);
            storages.put(st.key(), cached);
        } else if (!cached.declared().equals(st)) {
            // The bounds above hold for this declaration only; the bytes must be what it says.
            throw new CheckpointException(file, "storage " + st.key() + " is declared twice, as "
                    + cached.declared().numel() + " x " + cached.declared().dtype().global + " and as " + st.numel()
                    + " x " + st.dtype().global + " (tensor " + name + ")");
        }
        boolean floats = st.dtype() == StorageRef.DType.FLOAT32;
        if (floats && contiguous(size, stride)) {
            // The usual case, every official weight. A tensor that is its storage's only view, all
            // of it, takes the storage's array itself; any other gets a copy of its run.
            if (ownsStorage(ref, uses)) {
                return Tensor.of(cached.floats(), shape);
            }
            float[] data = new float[(int) numel];
            System.arraycopy(cached.floats(), (int) ref.offset(), data, 0, data.length);
            return Tensor.of(data, shape);
        }
        float[] data = new float[(int) numel];
        ByteBuffer buf = floats ? null : ByteBuffer.wrap(cached.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        int[] index = new int[shape.length];
        for (int i = 0; i < data.length; i++) {
            long at = ref.offset();
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride[d];
            }
            data[i] = floats ? cached.floats()[(int) at] : (float) buf.getLong((int) (at * 8));
            for (int d = shape.length - 1; d >= 0; d--) { // row-major odometer
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return Tensor.of(data, shape);
    }

    /**
     * Whether {@code r} takes its float storage's array itself rather than a copy: the storage's
     * only view, all of it, in order. Safe on shapes not yet checked (the heap estimate asks first).
     */
    private static boolean ownsStorage(TensorRef r, Map<String, Integer> uses) {
        long[] size = r.size();
        if (r.storage().dtype() != StorageRef.DType.FLOAT32 || r.offset() != 0 || uses.get(r.storage().key()) != 1
                || size.length != r.stride().length || !contiguous(size, r.stride())) {
            return false;
        }
        long numel = 1;
        for (long n : size) {
            if (n < 0) {
                return false;
            }
            numel = n == 0 ? 0 : numel > Long.MAX_VALUE / n ? Long.MAX_VALUE : numel * n;
        }
        return numel == r.storage().numel();
    }

    /** Whether row-major order walks the elements one after another (dimensions of size 1 aside). */
    private static boolean contiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    private static Storage readStorage(ZipFile zip, String stem, StorageRef st, Path file) throws IOException {
        String entryName = stem + "data/" + st.key();
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new CheckpointException(file, "storage " + entryName + " is missing from the archive");
        }
        long expected = st.numel() * st.dtype().bytes;
        if (st.numel() > (Integer.MAX_VALUE - 8) / st.dtype().bytes || entry.getSize() != expected) {
            throw new CheckpointException(file, "storage " + entryName + " holds " + entry.getSize()
                    + " bytes, but the pickle declares " + st.numel() + " elements");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            if (st.dtype() == StorageRef.DType.FLOAT32) {
                return new Storage(st, readFloats(in, (int) st.numel(), file, entryName), null);
            }
            // Into an array of the declared size: a stored member is then read by a few large reads,
            // where readNBytes(len) gathered 16 KB chunks and copied them once more.
            byte[] b = new byte[(int) expected];
            if (in.readNBytes(b, 0, b.length) != expected) {
                throw new CheckpointException(file, "storage " + entryName + " is truncated");
            }
            return new Storage(st, null, b);
        }
    }

    /**
     * {@code n} little-endian floats, through a 256 KB buffer: a byte array of the whole storage
     * beside its floats doubled the fresh heap a load touches, and fresh pages were half of a cold
     * load's time (RRDB-patch3's 70 MB: 0.35-0.46 s, 0.20 s on a pre-touched heap).
     */
    private static float[] readFloats(InputStream in, int n, Path file, String entryName) throws IOException {
        float[] f = new float[n];
        byte[] chunk = new byte[1 << 18];
        java.nio.FloatBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int done = 0; done < n;) {
            int count = Math.min(chunk.length / 4, n - done);
            if (in.readNBytes(chunk, 0, 4 * count) != 4 * count) {
                throw new CheckpointException(file, "storage " + entryName + " is truncated");
            }
            view.get(0, f, done, count);
            done += count;
        }
        return f;
    }

    private static long multiply(long a, long b, Path file, String name) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, "tensor " + name + " has an extent that overflows");
        }
    }

    private static long add(long a, long b, Path file, String name) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, "tensor " + name + " has an extent that overflows");
        }
    }

}
