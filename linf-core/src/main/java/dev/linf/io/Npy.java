package dev.linf.io;

import dev.linf.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * NumPy {@code .npy} files holding little-endian float32 (or float64, read as float32) arrays in C order (the layout of the
 * golden files and of our outputs). The header is validated strictly and the data size is
 * checked against it before anything large is allocated.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 16;
    private Npy() {
    }

    /**
     * Reads a float32 array.
     *
     * @param file the .npy file
     * @return its array
     * @throws IOException when it cannot be read
     * @throws NpyFormatException if the file is not a C-order little-endian float32 .npy array
     */
    public static Tensor read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NpyFormatException(file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, Files.size(file), file);
        }
    }

    /**
     * Reads a float32 array from {@code bytes} (a request body, for instance).
     *
     * @param bytes the whole .npy file
     * @param name names the source in errors
     * @return its array
     * @throws NpyFormatException if the bytes are not a C-order little-endian float .npy array
     */
    public static Tensor read(byte[] bytes, Path name) {
        try {
            return read(new java.io.ByteArrayInputStream(bytes), bytes.length, name);
        } catch (IOException e) {
            throw new NpyFormatException(name, "unreadable .npy data (" + e.getMessage() + ")");
        }
    }

    private static Tensor read(InputStream raw, long size, Path file) throws IOException {
        try {
            return readChecked(raw, size, file);
        } catch (NpyFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NpyFormatException(file, "unreadable .npy file (" + e + ")");
        } catch (OutOfMemoryError e) {
            throw new NpyFormatException(file, "too large for this JVM's heap (raise -Xmx)");
        }
    }

    private static Tensor readChecked(InputStream raw, long size, Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            byte[] magic = new byte[6];
            if (in.read(magic) != 6 || !java.util.Arrays.equals(magic, MAGIC)) {
                throw new NpyFormatException(file, "not a .npy file (bad magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLen;
            int prefix;
            if (major == 1) {
                headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                prefix = 10;
            } else if (major == 2 || major == 3) {
                headerLen = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
                prefix = 12;
            } else {
                throw new NpyFormatException(file, "unsupported .npy version " + major);
            }
            if (headerLen > MAX_HEADER || prefix + headerLen > size) {
                throw new NpyFormatException(file, "header length " + headerLen + " is invalid");
            }
            byte[] header = in.readNBytes((int) headerLen);
            NpyHeader h = NpyHeader.parse(new String(header, StandardCharsets.ISO_8859_1), file);
            int width = switch (h.descr()) {
                case "<f4" -> 4;
                case "<f8" -> 8; // float64, narrowed to float32 on reading
                default -> throw new NpyFormatException(file,
                        "dtype " + h.descr() + " is not supported (need float32 '<f4' or float64 '<f8')");
            };
            if (h.fortranOrder()) {
                throw new NpyFormatException(file, "Fortran-order arrays are not supported");
            }
            int[] shape = h.shape();
            long numel;
            try {
                numel = Tensor.numel(shape);
            } catch (ArithmeticException e) {
                numel = Long.MAX_VALUE;
            }
            if (numel > Integer.MAX_VALUE - 8 || numel * width != size - prefix - headerLen) {
                throw new NpyFormatException(file, "data size does not match shape " + java.util.Arrays.toString(shape)
                        + " (" + (size - prefix - headerLen) + " bytes of data)");
            }
            long free = Heap.available(4 * numel);
            if (4 * numel > free) {
                throw new NpyFormatException(file, String.format("reading needs about %d MB but only %d MB of heap"
                        + " are free (raise -Xmx)", (4 * numel) >> 20, free >> 20));
            }
            float[] data = new float[(int) numel];
            byte[] buf = new byte[1 << 16];
            int i = 0;
            while (i < data.length) {
                int n = (int) Math.min(buf.length, (long) (data.length - i) * width);
                in.readFully(buf, 0, n);
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < n / width; k++) {
                    data[i++] = width == 4 ? b.getFloat() : (float) b.getDouble();
                }
            }
            return Tensor.of(data, shape);
        } catch (java.io.EOFException e) {
            throw new NpyFormatException(file, "file is truncated");
        }
    }

    /**
     * Writes a float32 array, atomically (temporary file, then rename).
     *
     * @param file where to write
     * @param t the array
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, Tensor t) throws IOException {
        AtomicFiles.write(file, out -> write(out, t));
    }

    /**
     * Writes a float32 array to a stream (version 1.0 header, padded to 64 bytes).
     *
     * @param sink where the bytes go
     * @param t the array
     * @throws IOException when the stream fails
     */
    public static void write(OutputStream sink, Tensor t) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < t.rank(); i++) {
            shape.append(t.dim(i)).append(t.rank() == 1 ? ",)" : (i + 1 < t.rank() ? ", " : ")"));
        }
        if (t.rank() == 0) {
            shape.append(")");
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        OutputStream out = new BufferedOutputStream(sink, 1 << 16);
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : t.data()) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(v);
        }
        out.write(buf.array(), 0, buf.position());
        out.flush();
    }
}
