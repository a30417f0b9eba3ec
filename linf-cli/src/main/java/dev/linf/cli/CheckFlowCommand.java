package dev.linf.cli;

import dev.linf.check.FlowCheck;
import dev.linf.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code linf check-flow}: is this model's flow numerically usable? */
@Command(name = "check-flow", mixinStandardHelpOptions = true,
        description = {"Check that the model's normalizing flow is numerically invertible and that its samples stay",
            "in the image range: per layer the condition number, log|det| and inverse gain; over an image's",
            "queries the conditional scales, T=0 and T=1 sample ranges and the worst z -> x -> z round trip.",
            "Exit code 6 when the flow is unusable (samples beyond 100x the image range, or a float32 round trip",
            "off by more than 1e-2); 'degraded' (samples beyond 3x, round trip above 1e-4, condition above 1e4)",
            "is reported with exit code 0."})
final class CheckFlowCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ModelOptions model;

    @Option(names = "--image", paramLabel = "IMG", description = "Image whose queries to check (default: a built-in 48x48 test pattern).")
    Path image;

    @Option(names = "--scale", defaultValue = "2", paramLabel = "S", description = "Upscaling factor of the queries (default 2).")
    double scale;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the T=1 latents (default 0).")
    long seed;

    @Override
    public Integer call() {
        if (!(scale >= 1) || scale > 30) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scale must be in [1, 30], got " + scale);
        }
        Tensor img = image == null ? FlowCheck.testImage() : Inputs.image(image);
        FlowCheck.Report r = FlowCheck.check(model.load(), img, scale, seed);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, %d queries (%s, x%s)%n", model.label(), r.queries(),
                image == null ? "built-in test image" : image.toString(), scale);
        out.printf(Locale.ROOT, "%-12s %11s %10s %10s %10s %19s %12s%n", "layer", "condition", "min sv", "max sv",
                "log|det|", "scale range", "inv gain");
        for (FlowCheck.Layer l : r.layers()) {
            String scales = Double.isNaN(l.minScale()) ? "-" : String.format(Locale.ROOT, "%.3g .. %.3g",
                    l.minScale(), l.maxScale());
            out.printf(Locale.ROOT, "%-12s %11.4g %10.4g %10.4g %10.4f %19s %12.3g%n", l.name(), l.condition(),
                    l.minSingular(), l.maxSingular(), l.logAbsDet(), scales, Math.pow(10, l.log10InverseGain()));
        }
        out.printf(Locale.ROOT, "worst-case inverse gain: %.3g (product over layers)%n", Math.pow(10, r.log10InverseGain()));
        out.printf(Locale.ROOT, "T=0 samples: %.4g .. %.4g; T=1 samples: %.4g .. %.4g (image range -1 .. 1)%n",
                r.t0Min(), r.t0Max(), r.t1Min(), r.t1Max());
        out.printf(Locale.ROOT, "worst round trip z -> x -> z: float32 %.3g, double %.3g%n", r.worstRoundTripFloat(),
                r.worstRoundTripDouble());
        out.println("verdict: " + r.verdict().name().toLowerCase(Locale.ROOT));
        for (String p : r.problems()) {
            out.println("  " + p);
        }
        return r.verdict() == FlowCheck.Verdict.UNUSABLE ? ExitCodes.FLOW_UNUSABLE : ExitCodes.OK;
    }
}
