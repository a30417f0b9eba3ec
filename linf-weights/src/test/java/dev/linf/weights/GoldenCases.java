package dev.linf.weights;

import dev.linf.runner.ModelRunner;
import static dev.linf.weights.Golden.assertClose;
import static dev.linf.weights.Golden.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.model.LinfModel;
import dev.linf.model.MirrorPad;
import dev.linf.model.NoiseSource;
import dev.linf.model.PatchGrid;
import dev.linf.model.QueryGrid;
import dev.linf.model.ReplayedNoise;
import dev.linf.model.SeededNoise;
import dev.linf.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The golden cases of the reduced RDN, SwinIR and RRDB-patch models, and how to check each. */
public final class GoldenCases {
    private GoldenCases() {
    }

    private static final java.util.Map<String, LinfModel> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /** A golden case: model folder and case folder. */
    public record Case(String model, String name) {
    }

    public static List<Case> all() {
        List<Case> out = new ArrayList<>();
        for (String m : List.of("rdn-small", "swinir-small", "rrdb-patch3-small")) {
            for (String c : List.of("x2_t0", "x2p7_t0", "x4_t0", "x3_t0p8", "logp_x4_subsample", "features")) {
                out.add(new Case(m, c));
            }
        }
        return out;
    }

    public static LinfModel load(String model) {
        return LOADED.computeIfAbsent(model, m -> Checkpoints.load(Golden.root().resolve(m).resolve("checkpoint.pth")));
    }

    /** Checks case {@code caseName} of {@code modelName} on {@code model} (any kernels, any threads). */
    public static void check(ModelRunner run, String modelName, String caseName) {
        LinfModel model = run.model();
        Path dir = Golden.root().resolve(modelName);
        if (caseName.equals("features")) {
            Tensor feat = model.encoder().encode(npy(dir.resolve("x2_t0/inp.npy")), run.kernels());
            Tensor expected = npy(dir.resolve("x2_t0/feat.npy"));
            assertClose(expected, feat, 1e-5 * Golden.maxAbs(expected), modelName + " encoder features");
        } else if (caseName.startsWith("logp")) {
            logp(run, dir.resolve(caseName), modelName);
        } else {
            prediction(run, dir, caseName, modelName);
        }
    }

    private static void prediction(ModelRunner run, Path dir, String caseName, String modelName) {
        LinfModel model = run.model();
        Path c = dir.resolve(caseName);
        Path shared = dir.resolve(caseName.replace("_t0p8", "_t0")); // x3_t0p8 stores its own inputs
        Path inputs = shared.resolve("inp.npy").toFile().exists() ? shared : c;
        Tensor inp = npy(inputs.resolve("inp.npy"));
        Tensor coord = npy(inputs.resolve("coord.npy"));
        Tensor expected = npy(c.resolve("pred_norm.npy"));
        int height = expected.dim(1);
        int width = expected.dim(2);
        float temperature = caseName.endsWith("_t0p8") ? 0.8f : 0f;
        NoiseSource noise = temperature > 0 ? new ReplayedNoise(npy(c.resolve("eps.npy"))) : new SeededNoise(5);
        Tensor pred;
        if (model.patchSize() > 1) {
            QueryGrid grid = PatchGrid.of(height, width, (float) (2.0 / height), (float) (2.0 / width));
            assertArrayEquals(coord.data(), grid.coordinates(), modelName + " " + caseName + ": patch centres");
            pred = run.predictPatches(inp, height, width, temperature, noise);
        } else if (model.encoder().mirrorPadWindow() > 0) {
            Tensor lr = npy(Golden.root().resolve("input/lr_24x16.npy"));
            assertArrayEquals(inp.data(), MirrorPad.pad(LinfModel.normalise(lr), 8).data(), "mirror padding");
            QueryGrid grid = MirrorPad.grid(24, 16, height, width, 8);
            for (int q = 0; q < grid.size(); q++) { // ours are the top-left H x W of the official grid
                int at = (q / width) * coord.dim(1) + q % width;
                assertEquals(coord.data()[2 * at], grid.y(q), "query row coordinate " + q);
                assertEquals(coord.data()[2 * at + 1], grid.x(q), "query column coordinate " + q);
            }
            assertEquals(npy(inputs.resolve("cell.npy")).data()[0], grid.cellY());
            pred = run.predict(inp, grid, temperature, noise);
        } else {
            QueryGrid grid = QueryGrid.full(height, width);
            assertArrayEquals(coord.data(), grid.coordinates(), "query coordinates");
            pred = run.predict(inp, grid, temperature, noise);
        }
        double tol = temperature == 0 ? 1e-5 : Math.max(3e-4, 2e-6 * Golden.maxAbs(expected));
        assertClose(expected, pred, tol, modelName + " " + caseName + " pred_norm");
    }

    private static void logp(ModelRunner run, Path dir, String modelName) {
        LinfModel model = run.model();
        Tensor coord = npy(dir.resolve("coord.npy"));
        Tensor cell = npy(dir.resolve("cell.npy"));
        Tensor inp = npy(dir.resolve("inp.npy"));
        Tensor gt = npy(dir.resolve("gt.npy"));
        QueryGrid grid = new QueryGrid(coord.dim(0), coord.dim(1), coord.data(), cell.data()[0], cell.data()[1]);
        double[] logp = model.patchSize() > 1 ? run.logLikelihoodOfResiduals(inp, grid, gt)
                : run.logLikelihood(inp, grid, gt);
        double tol = model.patchSize() > 1 ? 2e-4 : 2e-5;
        Golden.assertLogLikelihoods(logp, dir, tol, modelName + " " + dir.getFileName());
    }
}
