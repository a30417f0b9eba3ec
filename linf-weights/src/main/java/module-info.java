/**
 * Checkpoint readers (official PyTorch {@code .pth} through a restricted unpickler, safetensors),
 * architecture inference, and the bundled default model, found by linf-core through
 * {@link dev.linf.spi.DefaultModelProvider}.
 */
module dev.linf.weights {
    requires transitive dev.linf.core;

    exports dev.linf.weights;

    provides dev.linf.spi.DefaultModelProvider with dev.linf.weights.DefaultModel;
}
