package dev.linf.weights;

import dev.linf.runner.ModelRunner;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.encoder.EdsrBaseline;
import dev.linf.model.LinfModel;
import dev.linf.model.QueryGrid;
import dev.linf.model.SeededNoise;
import dev.linf.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The architecture comes from tensor names and shapes; anything that does not fit is named. */
class ArchitectureInferenceTest {
    private static final String EDSR_ARGS = "{\"encoder_spec\":{\"name\":\"edsr-baseline\",\"args\":{\"no_upsampling\":true}},"
            + "\"imnet_spec\":{\"name\":\"flow\",\"args\":{\"name\":\"flow\"}},\"flow_layers\":10,\"num_layer\":3,\"hidden_dim\":256}";

    @TempDir
    Path dir;

    @Test
    void pthAndSafetensorsGiveIdenticalModels() {
        StateDict pth = Checkpoints.read(Golden.edsr().resolve("checkpoint.pth"));
        StateDict st = Checkpoints.read(Golden.edsr().resolve("model.safetensors"));
        assertEquals(107, pth.tensors().size());
        assertEquals(pth.tensors().keySet(), st.tensors().keySet());
        for (String name : pth.tensors().keySet()) {
            assertArrayEquals(pth.get(name).shape(), st.get(name).shape(), name);
            assertArrayEquals(pth.get(name).data(), st.get(name).data(), name);
        }
        assertEquals("linf", pth.spec().name());
        assertEquals("linf", st.spec().name());
        assertEquals("edsr-baseline", pth.spec().encoderName());
        assertEquals("edsr-baseline", st.spec().encoderName());
        assertEquals(List.copyOf(pth.tensors().keySet()).getFirst(), "encoder.sub_mean.weight"); // file order kept

        LinfModel a = ModelAssemblerAccess.assemble(pth);
        LinfModel b = ModelAssemblerAccess.assemble(st);
        Tensor inp = Golden.npy(Golden.edsr().resolve("x2_t0/inp.npy"));
        QueryGrid grid = QueryGrid.full(48, 32);
        ModelRunner ra = ModelRunner.of(a);
        ModelRunner rb = ModelRunner.of(b);
        assertArrayEquals(ra.predict(inp, grid, 0f, new SeededNoise(3)).data(),
                rb.predict(inp, grid, 0f, new SeededNoise(3)).data());
        assertArrayEquals(ra.predict(inp, grid, 0.8f, new SeededNoise(3)).data(),
                rb.predict(inp, grid, 0.8f, new SeededNoise(3)).data());
    }

    @Test
    void officialEdsrBaselineIsInferred() {
        LinfModel m = Checkpoints.load(Golden.edsr().resolve("checkpoint.pth"));
        assertEquals("edsr-baseline", m.encoder().name());
        assertEquals(16, ((EdsrBaseline) m.encoder()).blockCount());
        assertEquals(64, m.encoder().outChannels());
        assertEquals(256, m.ensemble().hidden());
        assertEquals(4, m.mlp().layers().size());
        assertEquals(10, m.flow().steps());
        assertEquals(3, m.flow().dim());
        // Spec section 1: 1,925,656 state-dict elements, of which MeanShift's 24 are unused.
        assertEquals(1_925_656 - 24, m.parameterCount());
        assertEquals(1_218_240, m.encoder().macsPerPixel()); // spec section 15
        assertEquals(408_576, m.mlp().macsPerQuery());
    }

    /** A random EDSR-baseline LINF of any size, as a state dict in the official naming. */
    static Map<String, Tensor> randomEdsr(int width, int blocks, int hidden, int mlpLayers, int flowSteps, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        conv(sd, "encoder.head.0", width, 3, 3, r);
        for (int i = 0; i < blocks; i++) {
            conv(sd, "encoder.body." + i + ".body.0", width, width, 3, r);
            conv(sd, "encoder.body." + i + ".body.2", width, width, 3, r);
        }
        conv(sd, "encoder.body." + blocks, width, width, 3, r);
        conv(sd, "coef", hidden, width, 3, r);
        conv(sd, "freq", hidden, width, 3, r);
        sd.put("phase.weight", random(r, 0.5, hidden / 2, 2));
        int in = 4 * hidden;
        for (int i = 0; i < mlpLayers; i++) {
            int out = i == mlpLayers - 1 ? 6 * flowSteps : hidden;
            conv(sd, "layers." + 2 * i, out, in, 1, r);
            in = out;
        }
        for (int i = 0; i <= flowSteps; i++) {
            String p = i < flowSteps ? "imnet.linears." + i : "imnet.last";
            sd.put(p + ".bias", random(r, 0.1, 3));
            Tensor w = random(r, 0.3, 3, 3);
            for (int d = 0; d < 3; d++) {
                w.data()[d * 4] += 1f; // identity plus noise: well conditioned
            }
            sd.put(p + "._weight", w);
        }
        return sd;
    }

    private static void conv(Map<String, Tensor> sd, String prefix, int out, int in, int k, Random r) {
        sd.put(prefix + ".weight", random(r, 1.0 / Math.sqrt(in * k * k), out, in, k, k));
        sd.put(prefix + ".bias", random(r, 0.05, out));
    }

    private static Tensor random(Random r, double scale, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.numel(); i++) {
            t.data()[i] = (float) (r.nextGaussian() * scale);
        }
        return t;
    }

    @Test
    void reducedSizesAreInferredFromShapes() throws IOException {
        Path file = CheckpointFiles.safetensors(dir.resolve("small.safetensors"), randomEdsr(16, 3, 32, 3, 4, 1), null, null);
        LinfModel m = Checkpoints.load(file);
        assertEquals(3, ((EdsrBaseline) m.encoder()).blockCount());
        assertEquals(16, m.encoder().outChannels());
        assertEquals(32, m.ensemble().hidden());
        assertEquals(3, m.mlp().layers().size());
        assertEquals(4, m.flow().steps());
        Tensor out = ModelRunner.of(m).upscale(Tensor.zeros(3, 5, 7), 2.5, 0.5f, new SeededNoise(1));
        assertArrayEquals(new int[] {3, 12, 18}, out.shape()); // round(12.5) = 12 (half to even), round(17.5) = 18
    }

    private CheckpointException failsWith(Map<String, Tensor> sd, String name) throws IOException {
        Path file = CheckpointFiles.safetensors(dir.resolve("bad.safetensors"), sd, name, name == null ? null : EDSR_ARGS);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e;
    }

    @Test
    void wrongShapeIsNamed() throws IOException {
        Map<String, Tensor> sd = randomEdsr(16, 3, 32, 3, 4, 2);
        sd.put("encoder.body.1.body.2.weight", Tensor.zeros(16, 8, 3, 3));
        CheckpointException e = failsWith(sd, null);
        assertTrue(e.problem().contains("encoder.body.1.body.2.weight has shape [16, 8, 3, 3], expected [16, 16, 3, 3]"),
                e.problem());
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Map<String, Tensor> sd = randomEdsr(16, 3, 32, 3, 4, 3);
        sd.remove("layers.2.bias");
        assertTrue(failsWith(sd, null).problem().contains("layers.2.bias is missing"));
    }

    @Test
    void unexpectedTensorIsNamed() throws IOException {
        Map<String, Tensor> sd = randomEdsr(16, 3, 32, 3, 4, 4);
        sd.put("encoder.tail.0.weight", Tensor.zeros(3, 16, 3, 3));
        assertTrue(failsWith(sd, null).problem().contains("unexpected tensor encoder.tail.0.weight"));
    }

    @Test
    void mlpOutputMustFitTheFlow() throws IOException {
        Map<String, Tensor> sd = randomEdsr(16, 3, 32, 3, 4, 5);
        sd.remove("imnet.linears.3._weight");
        sd.remove("imnet.linears.3.bias"); // 3 steps need 18 conditions, the MLP gives 24
        assertTrue(failsWith(sd, null).problem().contains("the MLP gives 24 values but the flow needs 18"));
    }

    @Test
    void singularFlowMatrixIsRefused() throws IOException {
        Map<String, Tensor> sd = randomEdsr(16, 3, 32, 3, 4, 6);
        sd.put("imnet.linears.2._weight", Tensor.zeros(3, 3));
        assertTrue(failsWith(sd, null).problem().contains("flow step 2 has a singular matrix"));
    }

    @Test
    void specThatContradictsTheTensorsIsRefused() throws IOException {
        Map<String, Tensor> sd = randomEdsr(16, 3, 32, 3, 4, 7);
        Path file = CheckpointFiles.safetensors(dir.resolve("rdn.safetensors"), sd, "linf",
                EDSR_ARGS.replace("edsr-baseline", "rdn"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(file));
        assertTrue(e.problem().contains("names encoder 'rdn'"), e.problem());
    }

    @Test
    void patchSpecWithAOnePixelFlowIsRefused() throws IOException {
        Map<String, Tensor> sd = randomEdsr(16, 3, 32, 3, 4, 8);
        Path file = CheckpointFiles.safetensors(dir.resolve("patch.safetensors"), sd, "linf-patch", EDSR_ARGS);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(file));
        assertTrue(e.problem().contains("'linf-patch' model but the flow is 3-dimensional"), e.problem());
    }
}
