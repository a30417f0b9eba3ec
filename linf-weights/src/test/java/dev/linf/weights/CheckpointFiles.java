package dev.linf.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes small torch-zip and safetensors files for tests. */
final class CheckpointFiles {
    private CheckpointFiles() {
    }

    /** A torch zip archive {@code archive/data.pkl} plus raw storages {@code archive/data/<key>}. */
    static Path torchZip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            stored(zip, "archive/data.pkl", pickle);
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                stored(zip, "archive/data/" + e.getKey(), e.getValue());
            }
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    static byte[] floats(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(i * 0.5f);
        }
        return b.array();
    }

    /** A safetensors file with the given header JSON (padded to 8 bytes) and data section. */
    static Path safetensors(Path file, String headerJson, byte[] data) throws IOException {
        StringBuilder h = new StringBuilder(headerJson);
        while ((h.length() % 8) != 0) {
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        try (OutputStream os = Files.newOutputStream(file)) {
            os.write(len.array());
            os.write(header);
            os.write(data);
        }
        return file;
    }

    /** A safetensors file of float32 tensors (in map order) with an optional {@code name}/{@code args} metadata. */
    static Path safetensors(Path file, Map<String, dev.linf.tensor.Tensor> tensors, String name, String argsJson)
            throws IOException {
        StringBuilder h = new StringBuilder("{");
        if (name != null) {
            h.append("\"__metadata__\":{\"format\":\"pt\",\"name\":\"").append(name).append('"');
            if (argsJson != null) {
                h.append(",\"args\":\"").append(argsJson.replace("\"", "\\\"")).append('"');
            }
            h.append("},");
        }
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, dev.linf.tensor.Tensor> e : tensors.entrySet()) {
            dev.linf.tensor.Tensor t = e.getValue();
            long begin = data.size();
            ByteBuffer b = ByteBuffer.allocate(4 * t.numel()).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : t.data()) {
                b.putFloat(v);
            }
            data.write(b.array());
            h.append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(begin).append(',').append(data.size()).append("]},");
        }
        h.setLength(h.length() - 1);
        h.append('}');
        return safetensors(file, h.toString(), data.toByteArray());
    }
}
