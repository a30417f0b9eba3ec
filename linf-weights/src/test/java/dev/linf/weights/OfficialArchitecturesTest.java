package dev.linf.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linf.encoder.EdsrBaseline;
import dev.linf.encoder.Rdn;
import dev.linf.encoder.Rrdb;
import dev.linf.encoder.swin.SwinIr;
import dev.linf.model.LinfModel;
import dev.linf.tensor.Tensor;
import dev.linf.weights.arch.ShapeLists;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loader infers the four official full-size architectures from the exact key/shape lists of
 * spec section 9 (test resources {@code official/*.txt}, in the spec's {a..b} notation), without the
 * official weights: every tensor is zero except the flow matrices (identity, so they invert) and
 * SwinIR's relative position index (Swin's standard one, as stored).
 */
class OfficialArchitecturesTest {

    @Test
    void edsrBaseline() {
        LinfModel m = load("edsr-baseline", "head-p1", "linf", "edsr-baseline", 107);
        assertEquals(16, ((EdsrBaseline) m.encoder()).blockCount());
        assertEquals(1_925_656 - 24, m.parameterCount()); // MeanShift's 24 values are unused
        assertEquals(1_218_240, m.encoder().macsPerPixel());
    }

    @Test
    void rdn() {
        LinfModel m = load("rdn", "head-p1", "linf", "rdn", 331);
        Rdn rdn = (Rdn) m.encoder();
        assertEquals(16, rdn.blockCount()); // config B: D = 16, C = 8, G = 64
        assertEquals(8, rdn.layersPerBlock());
        assertEquals(64, rdn.growthRate());
        assertEquals(1, m.patchSize());
        assertEquals(22_679_168, m.parameterCount());
        assertEquals(21_964_480, m.encoder().macsPerPixel());
    }

    @Test
    void swinir() {
        LinfModel m = load("swinir", "head-p1", "linf", "swinir", 579);
        SwinIr swin = (SwinIr) m.encoder();
        assertEquals(180, swin.embedDim());
        assertEquals(List.of(6, 6, 6, 6, 6, 6), swin.depths());
        assertEquals(List.of(6, 6, 6, 6, 6, 6), swin.heads());
        assertEquals(8, swin.windowSize());
        assertEquals(8, swin.mirrorPadWindow());
        assertEquals(12_308_260, m.parameterCount()); // buffers (index, masks) are not parameters
        assertEquals(12_310_380, m.encoder().macsPerPixel()); // spec section 15: about 12.31 M
    }

    @Test
    void rrdbPatch() {
        LinfModel m = load("rrdb", "head-p3", "linf-patch", "rrdb", 737);
        Rrdb rrdb = (Rrdb) m.encoder();
        assertEquals(23, rrdb.blockCount());
        assertEquals(32, rrdb.growthChannels());
        assertEquals(3, m.patchSize());
        assertEquals(27, m.flow().dim());
        // 17,534,747 state-dict values, less the unused upsampler: 3 x (36,864 + 64) + 1,728 + 3.
        assertEquals(17_534_747 - 112_515, m.parameterCount());
        assertEquals(16_572_096, m.encoder().macsPerPixel());
    }

    private static LinfModel load(String encoderList, String headList, String name, String encoder, int tensors) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (String list : List.of(encoderList, headList)) {
            ShapeLists.parse(lines("official/" + list + ".txt")).forEach((key, shape) -> sd.put(key, tensor(key, shape)));
        }
        assertEquals(tensors, sd.size(), "tensors in the official " + encoder + " list");
        Map<String, Object> args = Map.of("encoder_spec", Map.of("name", encoder));
        return ModelAssemblerAccess.assemble(new StateDict(Path.of(encoder + ".pth"), new ModelSpec(name, args), sd));
    }

    private static Tensor tensor(String key, int[] shape) {
        Tensor t = Tensor.zeros(shape);
        if (key.endsWith("._weight")) { // flow matrices: identity
            for (int i = 0; i < shape[0]; i++) {
                t.data()[i * shape[0] + i] = 1f;
            }
        } else if (key.endsWith("relative_position_index")) {
            int ws = (int) Math.round(Math.sqrt(shape[0]));
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[0]; j++) {
                    t.data()[i * shape[0] + j] = (i / ws - j / ws + ws - 1) * (2 * ws - 1) + (i % ws - j % ws + ws - 1);
                }
            }
        }
        return t;
    }

    private static List<String> lines(String resource) {
        try (InputStream in = OfficialArchitecturesTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("test resource " + resource + " is missing", e);
        }
    }
}
