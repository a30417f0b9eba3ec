package dev.linf.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.errors.OutputException;
import dev.linf.kernels.ReferenceKernels;
import dev.linf.model.LinfModel;
import dev.linf.model.SeededNoise;
import dev.linf.runner.ModelRunner;
import dev.linf.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Checkpoints#convert}: official checkpoints to safetensors that give the same tensors and
 * the same outputs bit for bit (float32) or within 2e-3 (float16, half the size), carry the spec
 * and the source's SHA-256, follow the format's rules (checked by an independent reader below),
 * and fail like loading does on hostile input, never replacing a file unasked.
 */
class ConvertTest {
    @TempDir
    Path dir;

    private static Tensor image(int h, int w) {
        Random r = new Random(3);
        float[] d = new float[3 * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        return Tensor.of(d, 3, h, w);
    }

    private static Tensor upscale(LinfModel m) {
        return ModelRunner.of(m).withKernels(ReferenceKernels.INSTANCE).withThreads(2)
                .upscale(image(9, 11), 20, 23, 0.6f, new SeededNoise(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"edsr-baseline", "rdn-small", "swinir-small", "rrdb-patch3-small"})
    void float32CopiesGiveTheSameTensorsAndOutputsBitForBit(String model) throws Exception {
        Path pth = Golden.root().resolve(model).resolve("checkpoint.pth");
        Path out = dir.resolve(model + ".safetensors");
        StateDict written = Checkpoints.convert(pth, out, false, false);
        StateDict original = Checkpoints.read(pth);
        assertEquals(original.tensors().keySet(), written.tensors().keySet());
        original.tensors().forEach((k, v) -> {
            assertArrayEquals(v.shape(), written.get(k).shape(), k);
            assertArrayEquals(v.data(), written.get(k).data(), k);
        });
        assertEquals(original.spec().name(), written.spec().name());
        assertEquals(original.spec().args(), written.spec().args());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pth))),
                written.metadata().get("source_sha256"));
        assertEquals("F32", written.metadata().get("dtype"));
        assertArrayEquals(upscale(Checkpoints.load(pth)).data(), upscale(Checkpoints.load(out)).data(), model);
        IndependentReader.check(out);
    }

    @Test
    void float16HalvesTheFileAndStaysWithin2e3() throws IOException {
        Path pth = Golden.edsr().resolve("checkpoint.pth");
        Path f32 = dir.resolve("f32.safetensors");
        Path f16 = dir.resolve("f16.safetensors");
        Checkpoints.convert(pth, f32, false, false);
        StateDict half = Checkpoints.convert(pth, f16, true, false);
        assertTrue(half.metadata().get("dtype").startsWith("F16"), half.metadata().get("dtype"));
        double ratio = (double) Files.size(f16) / Files.size(f32);
        assertTrue(ratio > 0.45 && ratio < 0.55, "size ratio " + ratio);
        Tensor a = upscale(Checkpoints.load(f32));
        Tensor b = upscale(Checkpoints.load(f16));
        double max = 0;
        for (int i = 0; i < a.numel(); i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        assertTrue(max > 0 && max < 2e-3, "max |float16 - float32| = " + max);
        IndependentReader.check(f16);
    }

    @Test
    void hostileInputFailsLikeLoadingAndWritesNothing() throws IOException {
        byte[] pickle = new PickleWriter().emptyDict().mark().str("a").global("os", "system").mark().str("id").tuple()
                .reduce().setItems().stop().bytes();
        Path hostile = CheckpointFiles.torchZip(dir.resolve("hostile.pth"), pickle, Map.of());
        Path out = dir.resolve("out.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.convert(hostile, out, false, false));
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no output or temporary file");
        }
    }

    @Test
    void anExistingOutputIsReplacedOnlyWhenAsked() throws IOException {
        Path pth = Golden.root().resolve("rdn-small").resolve("checkpoint.pth");
        Path out = Files.writeString(dir.resolve("out.safetensors"), "keep me");
        assertThrows(OutputException.class, () -> Checkpoints.convert(pth, out, false, false));
        assertEquals("keep me", Files.readString(out));
        Checkpoints.convert(pth, out, false, true);
        assertTrue(Files.size(out) > 1000);
    }

    /**
     * The format's rules, checked without our reader: 8-byte little-endian header length, a UTF-8
     * JSON object padded with spaces to 8-byte alignment, dtypes F32/F16, byte counts equal to the
     * shapes', offsets that tile the data section from 0 in order with no hole or overlap, and
     * string-to-string metadata.
     */
    static final class IndependentReader {
        static void check(Path file) throws IOException {
            byte[] b = Files.readAllBytes(file);
            long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, n % 8, "header length aligned to 8");
            assertTrue(8 + n <= b.length);
            String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
            assertTrue(header.startsWith("{") && header.stripTrailing().endsWith("}"));
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) new MiniJson(header.stripTrailing()).value();
            long dataLength = b.length - 8 - n;
            List<long[]> spans = new ArrayList<>();
            for (Map.Entry<String, Object> e : root.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> v = (Map<String, Object>) e.getValue();
                if (e.getKey().equals("__metadata__")) {
                    v.values().forEach(x -> assertTrue(x instanceof String, "metadata values are strings"));
                    continue;
                }
                String dtype = (String) v.get("dtype");
                int width = switch (dtype) {
                    case "F32" -> 4;
                    case "F16" -> 2;
                    default -> throw new AssertionError("dtype " + dtype);
                };
                long count = 1;
                for (Object d : (List<?>) v.get("shape")) {
                    count *= (Long) d;
                }
                List<?> off = (List<?>) v.get("data_offsets");
                long begin = (Long) off.get(0);
                long end = (Long) off.get(1);
                assertEquals(count * width, end - begin, e.getKey());
                spans.add(new long[] {begin, end});
            }
            long at = 0;
            for (long[] s : spans) { // in header order, which the writer keeps in offset order
                assertEquals(at, s[0], "no hole or overlap");
                at = s[1];
            }
            assertEquals(dataLength, at, "the tensors fill the data section exactly");
        }
    }

    /** A minimal JSON reader (objects, arrays, strings without escapes beyond \", numbers). */
    static final class MiniJson {
        private final String s;
        private int i;

        MiniJson(String s) {
            this.s = s;
        }

        Object value() {
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                while (s.charAt(i) != '}') {
                    String k = (String) value();
                    i++; // ':'
                    m.put(k, value());
                    if (s.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
                return m;
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                while (s.charAt(i) != ']') {
                    l.add(value());
                    if (s.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
                return l;
            }
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\') {
                        i++;
                    }
                    b.append(s.charAt(i++));
                }
                i++;
                return b.toString();
            }
            int start = i;
            while (i < s.length() && "-0123456789.eE+".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Long.parseLong(s.substring(start, i));
        }
    }
}
