package dev.linf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip() throws IOException {
        Tensor t = Tensor.of(new float[] {1.5f, -2f, Float.MIN_VALUE, 3e38f, 0f, -0f}, 1, 2, 3);
        Path f = dir.resolve("a.npy");
        Npy.write(f, t);
        Tensor back = Npy.read(f);
        assertArrayEquals(t.shape(), back.shape());
        assertArrayEquals(t.data(), back.data());
        assertTrue((Files.size(f) - 6 * 4) % 64 == 0, "header padded to 64 bytes");
    }

    @Test
    void oneDimensionalShapeUsesATrailingComma() throws IOException {
        Path f = dir.resolve("v.npy");
        Npy.write(f, Tensor.of(new float[] {1, 2}, 2));
        assertTrue(Files.readString(f, StandardCharsets.ISO_8859_1).contains("'shape': (2,)"));
        assertArrayEquals(new int[] {2}, Npy.read(f).shape());
    }

    private Path header(String dict, int dataBytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        b.write(h.length & 0xff);
        b.write(h.length >> 8);
        b.write(h);
        b.write(new byte[dataBytes]);
        return Files.write(dir.resolve("x.npy"), b.toByteArray());
    }

    @Test
    void malformedFilesAreRefused() throws IOException {
        Path notNpy = Files.writeString(dir.resolve("n.npy"), "hello world");
        assertThrows(NpyFormatException.class, () -> Npy.read(notNpy));
        Path ints = header("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", 16);
        assertThrows(NpyFormatException.class, () -> Npy.read(ints));
        Path fortran = header("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8);
        assertThrows(NpyFormatException.class, () -> Npy.read(fortran));
        Path shortData = header("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", 40);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(shortData));
        assertTrue(e.getMessage().contains("does not match shape"), e.getMessage());
        Path huge = header("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", 8);
        assertThrows(NpyFormatException.class, () -> Npy.read(huge));
    }

    @Test
    void failedWriteLeavesNoFile() {
        Path f = dir.resolve("out.npy");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100]);
            throw new IOException("disk full");
        }));
        assertTrue(Files.notExists(f));
        try (var files = Files.list(dir)) {
            assertTrue(files.findAny().isEmpty(), "temporary file left behind");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
