package dev.linf.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken and hostile checkpoints must each fail fast with a {@link CheckpointException} that
 * names the file and the problem, without running anything and without large allocations
 * (the test JVM has a 2 GB heap; a 2^40-element tensor would need 4 TB).
 */
class HostileCheckpointTest {
    @TempDir
    Path dir;

    private CheckpointException loadFails(Path file) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(CheckpointException.class, () -> Checkpoints.load(file)));
    }

    private static void assertMentions(CheckpointException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
    }

    /** {'a': GLOBAL(module.name)('payload')}: the classic pickle exploit. */
    private Path exploit(String module, String name) throws IOException {
        byte[] pickle = new PickleWriter().emptyDict().mark().str("a")
                .global(module, name).mark().str("touch " + dir.resolve("pwned")).tuple().reduce()
                .setItems().stop().bytes();
        return CheckpointFiles.torchZip(dir.resolve(module + "." + name + ".pth"), pickle, Map.of());
    }

    @Test
    void osSystemIsRefusedByNameAndNeverRun() throws IOException {
        Path file = exploit("os", "system");
        CheckpointException e = loadFails(file);
        assertMentions(e, file.toString(), "os.system", "refused");
        assertTrue(Files.notExists(dir.resolve("pwned")));
    }

    @Test
    void builtinsEvalIsRefusedByName() throws IOException {
        Path file = exploit("builtins", "eval");
        assertMentions(loadFails(file), file.toString(), "builtins.eval");
    }

    @Test
    void posixSystemAndSubprocessAreRefused() throws IOException {
        assertMentions(loadFails(exploit("posix", "system")), "posix.system");
        assertMentions(loadFails(exploit("subprocess", "Popen")), "subprocess.Popen");
    }

    @Test
    void unsupportedOpcodeIsRefused() throws IOException {
        byte[] pickle = new PickleWriter().op('i').stop().bytes(); // INST: instantiates a class
        Path file = CheckpointFiles.torchZip(dir.resolve("inst.pth"), pickle, Map.of());
        assertMentions(loadFails(file), "opcode 0x69");
    }

    private Path oneTensor(String name, long numel, long offset, long[] shape, byte[] storage) throws IOException {
        byte[] pickle = new PickleWriter().emptyDict().mark().str(name).tensor("0", numel, offset, shape)
                .setItems().stop().bytes();
        return CheckpointFiles.torchZip(dir.resolve("t.pth"), pickle, Map.of("0", storage));
    }

    @Test
    void tensorRunningPastItsStorageIsRefused() throws IOException {
        Path file = oneTensor("coef.bias", 8, 4, new long[] {8}, CheckpointFiles.floats(8));
        assertMentions(loadFails(file), "coef.bias", "runs past its storage");
    }

    @Test
    void hugeShapeIsRefusedWithoutAllocating() throws IOException {
        Path file = oneTensor("coef.weight", 16, 0, new long[] {1L << 20, 1L << 20}, CheckpointFiles.floats(16));
        assertMentions(loadFails(file), "coef.weight", "runs past its storage");
    }

    @Test
    void storageSmallerThanDeclaredIsRefused() throws IOException {
        Path file = oneTensor("coef.bias", 1L << 40, 0, new long[] {16}, CheckpointFiles.floats(16));
        assertMentions(loadFails(file), "storage", "declares");
    }

    @Test
    void absurdShapeIsRefusedBeforeTheStorageIsRead() throws IOException {
        Path file = oneTensor("coef.bias", 1L << 40, 0, new long[] {1L << 40}, CheckpointFiles.floats(16));
        assertMentions(loadFails(file), "coef.bias", "outside the supported range");
    }

    @Test
    void truncatedZipIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(Golden.edsr().resolve("checkpoint.pth"));
        Path file = dir.resolve("truncated.pth");
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertMentions(loadFails(file), file.toString());
    }

    @Test
    void emptyAndForeignFilesAreRefused() throws IOException {
        Path empty = Files.write(dir.resolve("empty.pth"), new byte[0]);
        assertMentions(loadFails(empty), "empty");
        Path text = Files.writeString(dir.resolve("notes.pth"), "hello, not a checkpoint");
        assertMentions(loadFails(text), "not a PyTorch");
        assertMentions(loadFails(dir.resolve("missing.pth")), "no such file");
    }

    private static final String ONE = "\"dtype\":\"F32\",\"shape\":[2]";

    @Test
    void safetensorsOverlappingOffsetsAreRefused() throws IOException {
        Path file = CheckpointFiles.safetensors(dir.resolve("overlap.safetensors"),
                "{\"a\":{" + ONE + ",\"data_offsets\":[0,8]},\"b\":{" + ONE + ",\"data_offsets\":[4,12]}}",
                new byte[16]);
        assertMentions(loadFails(file), "overlaps");
    }

    @Test
    void safetensorsOutOfRangeOffsetsAreRefused() throws IOException {
        Path file = CheckpointFiles.safetensors(dir.resolve("range.safetensors"),
                "{\"a\":{" + ONE + ",\"data_offsets\":[1000000,1000008]}}", new byte[8]);
        assertMentions(loadFails(file), "past the data section");
    }

    @Test
    void safetensorsBadHeaderLengthAndJsonAreRefused() throws IOException {
        Path file = dir.resolve("len.safetensors");
        byte[] b = new byte[16];
        b[0] = (byte) 0xff;
        b[7] = 0x7f; // an absurd header length
        b[8] = '{';
        Files.write(file, b);
        assertMentions(loadFails(file), "header length");
        Path dup = CheckpointFiles.safetensors(dir.resolve("dup.safetensors"),
                "{\"a\":{" + ONE + ",\"data_offsets\":[0,8]},\"a\":{" + ONE + ",\"data_offsets\":[0,8]}}", new byte[8]);
        assertMentions(loadFails(dup), "duplicate key");
    }

    @Test
    void safetensorsHugeShapeIsRefused() throws IOException {
        Path file = CheckpointFiles.safetensors(dir.resolve("huge.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1048576,1048576],\"data_offsets\":[0,8]}}", new byte[8]);
        assertMentions(loadFails(file), "do not hold shape");
    }

    @Test
    void optimizerStateIsNeverMaterialised() throws IOException {
        // {'model': {'name': 'linf', 'args': {}, 'sd': OrderedDict(coef.bias=...)},
        //  'optimizer': {'state': {'exp_avg': <a 2^40-element tensor whose storage is not even there>}}}
        PickleWriter p = new PickleWriter().emptyDict().mark();
        p.str("model").emptyDict().mark().str("name").str("linf").str("args").emptyDict()
                .str("sd").global("collections", "OrderedDict").emptyTuple().reduce()
                .mark().str("coef.bias").tensor("0", 4, 0, 4).setItems().setItems();
        p.str("optimizer").emptyDict().mark().str("state").emptyDict().mark()
                .str("exp_avg").tensor("1", 1L << 40, 0, 1L << 40)
                .str("rng").tensor("ByteStorage", "2", 5000, 0, 5000).setItems().setItems();
        byte[] pickle = p.setItems().stop().bytes();
        Path file = CheckpointFiles.torchZip(dir.resolve("opt.pth"), pickle, Map.of("0", CheckpointFiles.floats(4)));
        StateDict sd = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Checkpoints.read(file));
        assertEquals(java.util.Set.of("coef.bias"), sd.tensors().keySet());
        assertEquals("linf", sd.spec().name());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0f, 0.5f, 1f, 1.5f}, sd.get("coef.bias").data());
    }

    @Test
    void halfPrecisionWeightsAreRefusedByName() throws IOException {
        byte[] pickle = new PickleWriter().emptyDict().mark().str("coef.bias").tensor("HalfStorage", "0", 4, 0, 4)
                .setItems().stop().bytes();
        Path file = CheckpointFiles.torchZip(dir.resolve("half.pth"), pickle, Map.of("0", new byte[8]));
        assertMentions(loadFails(file), "coef.bias", "torch.HalfStorage", "only float32");
    }

    @Test
    void exceptionCarriesFileAndProblem() throws IOException {
        Path file = exploit("os", "system");
        CheckpointException e = loadFails(file);
        assertEquals(file, e.file());
        assertEquals(e.getMessage(), file + ": " + e.problem());
    }

    /** {'a': BINPERSID(pid)} where {@code pid} is built by {@code build}. */
    private Path persistentId(String fileName, java.util.function.Consumer<PickleWriter> build) throws IOException {
        PickleWriter p = new PickleWriter().emptyDict().mark().str("a");
        build.accept(p);
        byte[] pickle = p.op('Q').setItems().stop().bytes();
        return CheckpointFiles.torchZip(dir.resolve(fileName), pickle, Map.of());
    }

    @Test
    void persistentIdThatContainsItselfIsDescribedWithoutRecursion() throws IOException {
        // ]  MEMOIZE  h 0  a : a list appended to itself
        Path file = persistentId("self.pth", p -> p.op(']').op(0x94).op('h').op(0).op('a'));
        assertMentions(loadFails(file), file.toString(), "unsupported persistent id", "sequence of length 1");
    }

    @Test
    void persistentIdNested200000DeepIsRefusedWithoutStackOverflow() throws IOException {
        Path file = persistentId("deep.pth", p -> {
            for (int i = 0; i < 200_000; i++) {
                p.op(']');
            }
            for (int i = 1; i < 200_000; i++) {
                p.op('a'); // each list goes into the one below it
            }
        });
        assertMentions(loadFails(file), "unsupported persistent id");
    }

    @Test
    void millionsOfValuesAreRefusedBeforeTheyFillTheHeap() throws IOException {
        PickleWriter p = new PickleWriter().op(']').mark();
        for (int i = 0; i < 2_100_000; i++) {
            p.op('N');
        }
        Path file = CheckpointFiles.torchZip(dir.resolve("many.pth"), p.op('e').stop().bytes(), Map.of());
        assertMentions(loadFails(file), "more than 2000000 values");
    }

    @Test
    void oneStorageDeclaredWithTwoSizesIsRefused() throws IOException {
        // 'a' declares storage 0 as 4 floats (true: 16 bytes), 'b' as 400 floats and reads all of them.
        byte[] pickle = new PickleWriter().emptyDict().mark().str("a").tensor("0", 4, 0, 4)
                .str("b").tensor("0", 400, 0, 400).setItems().stop().bytes();
        Path file = CheckpointFiles.torchZip(dir.resolve("twice.pth"), pickle, Map.of("0", CheckpointFiles.floats(4)));
        assertMentions(loadFails(file), "storage 0 is declared twice", "tensor b");
    }

    @Test
    void oneStorageDeclaredWithTwoTypesIsRefused() throws IOException {
        byte[] pickle = new PickleWriter().emptyDict().mark().str("a").tensor("0", 4, 0, 4)
                .str("b").tensor("LongStorage", "0", 4, 0, 4).setItems().stop().bytes();
        Path file = CheckpointFiles.torchZip(dir.resolve("types.pth"), pickle, Map.of("0", CheckpointFiles.floats(4)));
        assertMentions(loadFails(file), "storage 0 is declared twice", "torch.LongStorage");
    }

    @Test
    void repeatingStridesAreRefused() throws IOException {
        // shape (1 << 28) with stride 0 on one float: 1 GB of copies from a 4-byte storage.
        byte[] pickle = new PickleWriter().emptyDict().mark().str("a").global("torch._utils", "_rebuild_tensor_v2")
                .mark().mark().str("storage").global("torch", "FloatStorage").str("0").str("cpu").integer(1).tuple()
                .op('Q').integer(0).mark().integer(1L << 28).tuple().mark().integer(0).tuple().op(0x89)
                .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce()
                .setItems().stop().bytes();
        Path file = CheckpointFiles.torchZip(dir.resolve("stride0.pth"), pickle, Map.of("0", CheckpointFiles.floats(1)));
        assertMentions(loadFails(file), "more than its storage");
    }

    @Test
    void nonFiniteWeightsAreRefusedByName() throws IOException {
        StateDict golden = Checkpoints.read(Golden.edsr().resolve("checkpoint.pth"));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Map<String, dev.linf.tensor.Tensor> tensors = new java.util.LinkedHashMap<>();
            golden.tensors().forEach((k, v) -> tensors.put(k, v.copy()));
            tensors.get("layers.2.weight").data()[7] = bad;
            Path file = CheckpointFiles.safetensors(dir.resolve("nan.safetensors"), tensors, null, null);
            assertMentions(loadFails(file), file.toString(), "tensor layers.2.weight", "element 7", "must be finite");
        }
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws IOException, InterruptedException {
        Path fifo = dir.resolve("weights.pth");
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo(fifo), "mkfifo is available");
        assertMentions(loadFails(fifo), fifo.toString(), "not a regular file");
        assertMentions(loadFails(dir), "not a regular file");
    }

    static boolean mkfifo(Path at) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("mkfifo", at.toString()).start();
            return p.waitFor() == 0 && Files.exists(at);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aSpecDictThatHoldsItselfIsRefused() throws IOException {
        // {'model': {'name': 'linf', 'args': <a dict holding itself under 'x'>, 'sd': {}}}
        PickleWriter p = new PickleWriter().emptyDict().mark().str("model").emptyDict().mark()
                .str("name").str("linf").str("args").emptyDict().op(0x94).str("x").op('h').op(0).op('s')
                .str("sd").emptyDict().setItems().setItems();
        Path file = CheckpointFiles.torchZip(dir.resolve("spec.pth"), p.stop().bytes(), Map.of());
        assertMentions(loadFails(file), "model spec nests more than 16 deep");
    }
}
