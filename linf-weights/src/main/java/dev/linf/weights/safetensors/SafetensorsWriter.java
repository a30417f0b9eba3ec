package dev.linf.weights.safetensors;

import dev.linf.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors as the format's reference implementation does: an 8-byte little-endian
 * header length, a JSON header padded with spaces to a multiple of 8 bytes (so the data section
 * starts aligned), then the tensors' little-endian bytes back to back in header order, from
 * offset 0, without holes or overlaps. {@code __metadata__} maps strings to strings.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /**
     * Writes {@code tensors} in map order, each as F32, or as F16 (rounded to nearest, ties to
     * even) where {@code half} says so.
     *
     * @param out where the file's bytes go
     * @param tensors name to tensor
     * @param metadata the {@code __metadata__} strings
     * @param half which tensors to store in half precision, by name
     * @throws IOException when the stream fails
     * @throws IllegalArgumentException when a value does not fit in half precision
     */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata,
            java.util.function.Predicate<String> half) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", new LinkedHashMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            boolean fp16 = half.test(e.getKey());
            long end = offset + (fp16 ? 2L : 4L) * t.numel();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", fp16 ? "F16" : "F32");
            entry.put("shape", java.util.Arrays.stream(t.shape()).mapToObj(d -> (Object) (long) d).toList());
            entry.put("data_offsets", List.of(offset, end));
            header.put(e.getKey(), entry);
            offset = end;
        }
        StringBuilder json = new StringBuilder(Json.write(header));
        while (json.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            json.append(' ');
        }
        byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            float[] data = e.getValue().data();
            boolean fp16 = half.test(e.getKey());
            for (int i = 0; i < data.length; i++) {
                if (buf.remaining() < 4) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                if (fp16) {
                    short h16 = Float.floatToFloat16(data[i]);
                    if (Float.isFinite(data[i]) && !Float.isFinite(Float.float16ToFloat(h16))) {
                        throw new IllegalArgumentException("tensor " + e.getKey() + " holds " + data[i]
                                + ", beyond half precision's range (65504)");
                    }
                    buf.putShort(h16);
                } else {
                    buf.putFloat(data[i]);
                }
            }
        }
        out.write(buf.array(), 0, buf.position());
    }
}
