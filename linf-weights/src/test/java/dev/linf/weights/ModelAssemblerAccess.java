package dev.linf.weights;

import dev.linf.model.LinfModel;
import dev.linf.weights.arch.ModelAssembler;

/** Test shortcut to build a model from an already-read state dict. */
final class ModelAssemblerAccess {
    private ModelAssemblerAccess() {
    }

    static LinfModel assemble(StateDict sd) {
        return ModelAssembler.assemble(sd);
    }
}
