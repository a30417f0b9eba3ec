package dev.linf.cli;

import dev.linf.errors.OutputException;
import dev.linf.weights.CheckpointException;
import dev.linf.weights.Checkpoints;
import dev.linf.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code linf convert}: an official checkpoint to safetensors, through {@link Checkpoints#convert}. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert an official LINF .pth checkpoint to safetensors, which loads without pickle: every"
                + " tensor under its official name, float32 (or --fp16), the model spec and the source's SHA-256 in"
                + " the metadata ('linf info --weights OUT' prints it)."})
final class ConvertCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "The checkpoint (.pth, or safetensors).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT", description = "The .safetensors file to write.")
    Path output;

    @Option(names = "--fp16", description = "Store half precision (about half the size; widened to float32 at load).")
    boolean fp16;

    @Option(names = "--overwrite", description = "Replace OUTPUT if it exists (refused otherwise).")
    boolean overwrite;

    @Override
    public Integer call() {
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliFailure(ExitCodes.OUTPUT, output, "folder " + dir + " does not exist");
        }
        if (!overwrite && Files.exists(output)) {
            throw new CliFailure(ExitCodes.OUTPUT, output, "already exists", "pass --overwrite to replace it");
        }
        StateDict written;
        try {
            written = Checkpoints.convert(input, output, fp16, overwrite);
        } catch (CheckpointException e) {
            throw new CliFailure(ExitCodes.MODEL, input, e.problem());
        } catch (OutputException e) {
            throw new CliFailure(ExitCodes.OUTPUT, output, e.problem());
        }
        try {
            spec.commandLine().getOut().printf(Locale.ROOT, "%s -> %s: %d tensors, %s, %.1f MB (source %.1f MB)%n", input,
                    output, written.tensors().size(), fp16 ? "float16" : "float32", Files.size(output) / 1e6,
                    Files.size(input) / 1e6);
        } catch (java.io.IOException e) {
            spec.commandLine().getOut().println(input + " -> " + output);
        }
        return ExitCodes.OK;
    }
}
