package dev.linf.weights.safetensors;

import dev.linf.tensor.Tensor;
import dev.linf.weights.CheckpointException;
import dev.linf.weights.ModelSpec;
import dev.linf.weights.StateDict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads safetensors files: an 8-byte little-endian header length, a JSON header, then raw data.
 * The header is validated the way the reference implementation does: F32 and F16 only (F16
 * widened to float32), offsets
 * inside the data section, byte counts equal to the shape's, no overlaps and no holes. The model
 * spec comes from {@code __metadata__} ({@code name}, and {@code args} as a JSON string).
 * Tensors are returned in file (offset) order.
 */
public final class SafetensorsReader {
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {
    }

    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    /** Positional reads from a file or an in-memory copy. */
    private interface Source {
        int read(ByteBuffer dst, long position) throws IOException;
    }

    public static StateDict read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch::read, ch.size(), file);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a safetensors file held in memory; {@code name} is used in error messages. */
    public static StateDict read(byte[] bytes, Path name) {
        Source src = (dst, position) -> {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            return n;
        };
        try {
            return read(src, bytes.length, name);
        } catch (IOException e) {
            throw new CheckpointException(name, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static StateDict read(Source ch, long size, Path file) throws IOException {
        if (size < 8) {
            throw new CheckpointException(file, "too short for a safetensors file");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long headerLen = lenBuf.getLong(0);
        if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
            throw new CheckpointException(file, "safetensors header length " + headerLen
                    + " is invalid for a file of " + size + " bytes");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLen);
        readFully(ch, header, 8, file);
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(header.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "safetensors header is not UTF-8");
        }
        Object parsed;
        try {
            parsed = Json.parse(json.stripTrailing());
        } catch (Json.JsonException e) {
            throw new CheckpointException(file, "safetensors header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new CheckpointException(file, "safetensors header is not a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataLen = size - dataStart;
        ModelSpec spec = ModelSpec.UNKNOWN;
        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : root.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                spec = metadata(e.getValue(), file);
                @SuppressWarnings("unchecked")
                Map<String, String> strings = (Map<String, String>) e.getValue();
                metadata = strings;
            } else {
                entries.add(entry(name, e.getValue(), file));
            }
        }
        checkLayout(entries, dataLen, file);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry en : entries) {
            ByteBuffer b = ByteBuffer.allocate((int) (en.end - en.begin)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, b, dataStart + en.begin, file);
            b.flip();
            float[] data;
            if (en.dtype.equals("F16")) { // half-precision storage, widened to float32
                data = new float[(int) ((en.end - en.begin) / 2)];
                for (int i = 0; i < data.length; i++) {
                    data[i] = Float.float16ToFloat(b.getShort());
                }
            } else {
                data = new float[(int) ((en.end - en.begin) / 4)];
                b.asFloatBuffer().get(data);
            }
            tensors.put(en.name, Tensor.of(data, en.shape));
        }
        return new StateDict(file, spec, tensors, metadata);
    }

    private static Entry entry(String name, Object value, Path file) {
        if (!(value instanceof Map<?, ?> m) || m.size() != 3 || !(m.get("dtype") instanceof String dtype)
                || !(m.get("shape") instanceof List<?> shapeList)
                || !(m.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
            throw new CheckpointException(file, "safetensors entry " + name
                    + " must be {dtype, shape, data_offsets: [begin, end]}");
        }
        if (!dtype.equals("F32") && !dtype.equals("F16")) {
            throw new CheckpointException(file, "tensor " + name + " has dtype " + dtype
                    + "; only F32 and F16 are supported");
        }
        int width = dtype.equals("F16") ? 2 : 4;
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new CheckpointException(file, "tensor " + name + " has an invalid shape " + shapeList);
            }
            shape[i] = (int) (long) d;
            numel = numel > (Long.MAX_VALUE / 8) / Math.max(1, d) ? Long.MAX_VALUE / 8 : numel * d;
        }
        if (begin < 0 || end < begin || end - begin != numel * width) {
            throw new CheckpointException(file, "tensor " + name + ": data_offsets [" + begin + ", " + end
                    + "] do not hold shape " + shapeList + " of " + dtype);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Offsets must tile the data section exactly: in range, no overlap, no hole. */
    private static void checkLayout(List<Entry> entries, long dataLen, Path file) {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.end > dataLen) {
                throw new CheckpointException(file, "tensor " + e.name + " ends at byte " + e.end
                        + ", past the data section of " + dataLen + " bytes");
            }
            if (e.begin < expected) {
                throw new CheckpointException(file, "tensor " + e.name + " overlaps the tensor before it");
            }
            if (e.begin > expected) {
                throw new CheckpointException(file, "unused bytes before tensor " + e.name + " in the data section");
            }
            expected = e.end;
        }
        if (expected != dataLen) {
            throw new CheckpointException(file, "the data section has " + (dataLen - expected)
                    + " bytes that no tensor uses");
        }
    }

    @SuppressWarnings("unchecked")
    private static ModelSpec metadata(Object value, Path file) {
        if (!(value instanceof Map<?, ?> m) || !m.values().stream().allMatch(v -> v instanceof String)) {
            throw new CheckpointException(file, "__metadata__ must map strings to strings");
        }
        String name = (String) m.get("name");
        Map<String, Object> args = Map.of();
        if (m.get("args") instanceof String a) {
            try {
                if (!(Json.parse(a) instanceof Map<?, ?> parsed)) {
                    throw new CheckpointException(file, "__metadata__.args is not a JSON object");
                }
                args = (Map<String, Object>) parsed;
            } catch (Json.JsonException e) {
                throw new CheckpointException(file, "__metadata__.args: " + e.getMessage());
            }
        }
        try {
            return new ModelSpec(name, args);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage());
        }
    }

    private static void readFully(Source ch, ByteBuffer b, long at, Path file) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new CheckpointException(file, "file is truncated");
            }
            p += n;
        }
    }
}
