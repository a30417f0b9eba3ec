package dev.linf.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tensors of a .pth read through their strides: contiguous ones by the bulk copy (a size-1
 * dimension's stride does not matter), others (a transposed view) element by element; both against
 * the storage's values written out by hand. The storage holds {@code i * 0.5} at index i.
 */
class StridedTensorsTest {
    @TempDir
    Path dir;

    private static PickleWriter tensor(PickleWriter p, long offset, long[] size, long[] stride) {
        return tensor(p, "0", offset, size, stride);
    }

    private static PickleWriter tensor(PickleWriter p, String storage, long offset, long[] size, long[] stride) {
        p.global("torch._utils", "_rebuild_tensor_v2").mark().mark().str("storage").global("torch", "FloatStorage")
                .str(storage).str("cpu").integer(12).tuple().op('Q').integer(offset).mark();
        for (long s : size) {
            p.integer(s);
        }
        p.tuple().mark();
        for (long s : stride) {
            p.integer(s);
        }
        return p.tuple().op(0x89).global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
    }

    @Test
    void viewsReadTheirElementsInRowMajorOrder() throws IOException {
        PickleWriter p = new PickleWriter().emptyDict().mark();
        tensor(p.str("transposed"), 1, new long[] {2, 3}, new long[] {1, 2});
        tensor(p.str("contiguous"), 2, new long[] {2, 3}, new long[] {3, 1});
        tensor(p.str("row"), 5, new long[] {1, 3}, new long[] {7, 1});
        byte[] pickle = p.setItems().stop().bytes();
        Path file = CheckpointFiles.torchZip(dir.resolve("views.pth"), pickle, Map.of("0", CheckpointFiles.floats(12)));
        Map<String, dev.linf.tensor.Tensor> t = Checkpoints.read(file).tensors();
        // [i][j] = storage[offset + i * stride0 + j * stride1] = that index / 2
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 1f, 2f, 3f}, t.get("transposed").data());
        assertArrayEquals(new float[] {1f, 1.5f, 2f, 2.5f, 3f, 3.5f}, t.get("contiguous").data());
        assertArrayEquals(new float[] {2.5f, 3f, 3.5f}, t.get("row").data());
    }

    /** Storages are read straight into floats: a storage's only view takes them, views of a shared one get copies. */
    @Test
    void sharedStoragesGiveIndependentCopies() throws IOException {
        PickleWriter p = new PickleWriter().emptyDict().mark();
        tensor(p.str("alone"), "1", 0, new long[] {12}, new long[] {1});
        tensor(p.str("first"), "0", 0, new long[] {12}, new long[] {1});
        tensor(p.str("second"), "0", 0, new long[] {3, 4}, new long[] {4, 1});
        byte[] pickle = p.setItems().stop().bytes();
        Path file = CheckpointFiles.torchZip(dir.resolve("shared.pth"), pickle,
                Map.of("0", CheckpointFiles.floats(12), "1", CheckpointFiles.floats(12)));
        Map<String, dev.linf.tensor.Tensor> t = Checkpoints.read(file).tensors();
        float[] halves = {0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 3.5f, 4f, 4.5f, 5f, 5.5f};
        for (String name : new String[] {"alone", "first", "second"}) {
            assertArrayEquals(halves, t.get(name).data(), name);
        }
        t.get("first").data()[0] = 99f;
        org.junit.jupiter.api.Assertions.assertEquals(0f, t.get("second").data()[0]);
    }
}
