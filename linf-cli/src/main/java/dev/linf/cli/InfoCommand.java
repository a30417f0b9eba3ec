package dev.linf.cli;

import dev.linf.cpu.VectorKernelsProvider;
import dev.linf.model.LinfModel;
import dev.linf.runner.ModelRunner;
import dev.linf.weights.CheckpointException;
import dev.linf.weights.Checkpoints;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code linf info}: which model and backend a run would use, and why the fast backend is not. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describe the model (default: the bundled one) and the compute backend in use."})
final class InfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ModelOptions model;

    @Override
    public Integer call() {
        ModelRunner run = model.load();
        LinfModel m = run.model();
        var out = spec.commandLine().getOut();
        out.println("weights:    " + model.label());
        out.printf("model:      %s encoder, %d-wide Fourier ensemble, %d-layer MLP, %d-step flow (D=%d)%s%n",
                m.encoder().name(), m.ensemble().hidden(), m.mlp().layers().size(), m.flow().steps(), m.flow().dim(),
                m.patchSize() > 1 ? ", 3x3 patches per query" : "");
        out.printf("parameters: %,d%n", m.parameterCount());
        out.println("backend:    " + run.kernels().name());
        out.println("threads:    " + run.threads());
        out.println("fallback:   " + VectorKernelsProvider.fallbackReason().orElse("none (the Vector API kernels are in use)"));
        if (model.weights != null) {
            // A converted file says what it was made from.
            try {
                Checkpoints.read(model.weights).metadata().forEach((k, v) -> out.printf("metadata:   %s = %s%n", k, v));
            } catch (CheckpointException e) {
                // already loaded above; nothing more to say
            }
        }
        return ExitCodes.OK;
    }
}
