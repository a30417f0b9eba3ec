package dev.linf.cli;

import dev.linf.runner.ModelRunner;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every model-running command shares: which weights, how many threads. */
final class ModelOptions {
    @Option(names = "--weights", paramLabel = "FILE",
            description = "Model checkpoint: official LINF .pth or .safetensors (default: the bundled model).")
    Path weights;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Threads to compute with (default 0: one per processor).")
    int threads;

    @Option(names = "--tile", defaultValue = "0", paramLabel = "PIXELS",
            description = "Encode LR images larger than PIXELS x PIXELS in tiles of that size (default 0: whole when"
                    + " it fits in the heap, else the largest tiles that do); the result is identical.")
    int tile;

    /** The model on the fastest available kernels. */
    ModelRunner load() {
        if (tile < 0) {
            throw new CliFailure(ExitCodes.USAGE, null, "--tile must be at least 1 (or 0: automatic), got " + tile);
        }
        return Inputs.model(weights, threads).withTileSize(tile);
    }

    /** How to name the model in output. */
    String label() {
        return weights == null ? "default model" : weights.getFileName().toString();
    }
}
