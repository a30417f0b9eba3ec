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

    @Test
    void aHeaderOfSpacesIsRefusedInLinearTime() throws IOException {
        // 64 KB of spaces after the dictionary's opening brace: a backtracking pattern took 7-20 s here.
        for (String dict : new String[] {"{" + " ".repeat(65_000), " ".repeat(65_000),
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2," + " ".repeat(64_000)}) {
            Path f = header(dict, 8);
            long t0 = System.nanoTime();
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
            assertTrue(e.getMessage().contains("malformed header"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused within 2 s");
        }
    }

    @Test
    void headersAreReadWhateverTheirKeyOrderAndSpacing() throws IOException {
        for (String dict : new String[] {"{'shape': (2, 1), 'fortran_order': False, 'descr': '<f4'}",
            "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,1,)}",
            "  {'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }    "}) {
            assertArrayEquals(new int[] {2, 1}, Npy.read(header(dict, 8)).shape(), dict);
        }
        assertArrayEquals(new int[0], Npy.read(header("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", 4))
                .shape());
    }

    @Test
    void malformedHeadersNameTheProblem() throws IOException {
        String[][] cases = {
            {"{'descr': '<f4', 'fortran_order': False}", "needs 'descr', 'fortran_order' and 'shape'"},
            {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", "appears twice"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", "unexpected key 'x'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", "bad shape entry"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,)}", "too large"},
            {"{'descr': '<f4', 'fortran_order': Nope, 'shape': (2,)}", "True or False"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} extra", "text after the dictionary"},
            {"{'descr: '<f4'", "expected ':'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (" + "1,".repeat(65) + ")}", "more than 64"},
        };
        for (String[] c : cases) {
            Path f = header(c[0], 8);
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void aFolderOrFifoIsRefusedWithoutBlocking() throws IOException, InterruptedException {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(dir));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        Path fifo = dir.resolve("in.npy");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            return;
        }
        if (p.waitFor() == 0) {
            e = assertThrows(NpyFormatException.class, () -> Npy.read(fifo));
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        }
    }
}
