package dev.linf.cli;

import dev.linf.model.LinfModel;
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

    /** The model on the fastest available kernels. */
    LinfModel load() {
        return Inputs.model(weights, threads);
    }

    /** How to name the model in output. */
    String label() {
        return weights == null ? "default model" : weights.getFileName().toString();
    }
}
