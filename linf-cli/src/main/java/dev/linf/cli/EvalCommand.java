package dev.linf.cli;

import dev.linf.eval.Benchmark;
import dev.linf.runner.ModelRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code linf eval}: the model against bicubic on SR benchmark folders, with the papers' protocol. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score a model against bicubic on benchmark folders (e.g. Set5, Set14).",
            "A folder holds HR/*.png and optionally LR_bicubic/X<s>/<name>x<s>.png (MATLAB bicubic);",
            "scales without LR files use the official Pillow-bicubic downsampling.",
            "Y-PSNR on the difference with shave = s, SSIM per RGB channel; means over images."})
final class EvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ModelOptions model;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "DIR", description = "Benchmark folders.")
    List<Path> data;

    @Option(names = "--scales", split = ",", defaultValue = "2,3,4,6,8", paramLabel = "S,...",
            description = "Scales to evaluate (default 2,3,4,6,8; non-integer scales allowed).")
    List<Double> scales;

    @Option(names = {"-t", "--temperature"}, defaultValue = "0", paramLabel = "T", description = "Temperature (default 0).")
    float temperature;

    @Option(names = {"-k", "--samples"}, defaultValue = "5", paramLabel = "K",
            description = "Samples per image when T > 0 (default 5, as the official --randomness).")
    int samples;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the first sample (default 0).")
    long seed;

    @Option(names = "--per-image", description = "Also print each image's Y-PSNR.")
    boolean perImage;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write a visual report there: index.html (self-contained; images beside it) with the"
                    + " table, zoomed crops per image (LR, bicubic, model at T=0 and at T, HR, diversity), a gain chart.")
    Path report;

    @Override
    public Integer call() {
        for (double s : scales) {
            if (!(s >= 1) || s > 30) {
                throw new CommandLine.ParameterException(spec.commandLine(), "scales must be in [1, 30], got " + s);
            }
        }
        if (!(temperature >= 0) || samples < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need T >= 0 and K >= 1");
        }
        for (Path d : data) {
            if (!Files.isDirectory(d.resolve("HR"))) {
                throw new CliFailure(ExitCodes.INPUT, d, "not a benchmark folder (no HR/ inside)");
            }
        }
        ModelRunner linf = model.load();
        VisualReport visual;
        try {
            visual = report == null ? null : new VisualReport(report, temperature);
        } catch (java.io.IOException e) {
            throw new CliFailure(ExitCodes.OUTPUT, report, "cannot be created (" + e.getMessage() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean sampled = temperature > 0;
        out.printf(Locale.ROOT, "%s, T=%s%s%n", model.label(), temperature,
                sampled ? ", mean of " + samples + " samples" : "");
        out.printf(Locale.ROOT, "%-10s %-6s %6s %11s %11s %7s %9s %9s%s%n", "dataset", "scale", "images", "model PSNR",
                "bicubic", "gain", "SSIM", "bic SSIM", sampled ? "  diversity" : "");
        for (Path d : data) {
            String name = d.toAbsolutePath().normalize().getFileName().toString();
            for (double s : scales) {
                VisualReport.Collector atT = visual == null ? null : new VisualReport.Collector();
                VisualReport.Collector bic = visual == null ? null : new VisualReport.Collector();
                Benchmark.Scores m = Benchmark.model(linf, d, s, temperature, samples, seed, atT);
                Benchmark.Scores b = Benchmark.bicubic(d, s, bic);
                if (visual != null) {
                    VisualReport.Collector t0 = atT;
                    if (sampled) { // the report shows T = 0 beside the samples
                        t0 = new VisualReport.Collector();
                        Benchmark.model(linf, d, s, 0f, 1, seed, t0);
                    }
                    visual.row(new VisualReport.Row(name, s, m.images(), m.yPsnr(), b.yPsnr(), m.ssim(), b.ssim(),
                            m.diversity()));
                    try {
                        visual.strips(name, s, bic, t0, sampled ? atT : null);
                    } catch (java.io.IOException e) {
                        throw new CliFailure(ExitCodes.OUTPUT, report, "cannot be written (" + e.getMessage() + ")");
                    }
                }
                out.printf(Locale.ROOT, "%-10s %-6s %6d %11.2f %11.2f %+7.2f %9.4f %9.4f%s%n", name, Benchmark.label(s),
                        m.images(), m.yPsnr(), b.yPsnr(), m.yPsnr() - b.yPsnr(), m.ssim(), b.ssim(),
                        sampled ? String.format(Locale.ROOT, "  %9.3f", m.diversity()) : "");
                if (perImage) {
                    for (int i = 0; i < m.images(); i++) {
                        out.printf(Locale.ROOT, "    %-13s %11.2f %11.2f %+7.2f%n", m.names().get(i), m.perImagePsnr().get(i),
                                b.perImagePsnr().get(i), m.perImagePsnr().get(i) - b.perImagePsnr().get(i));
                    }
                }
                out.flush();
            }
        }
        if (visual != null) {
            try {
                visual.finish(model.label());
            } catch (java.io.IOException e) {
                throw new CliFailure(ExitCodes.OUTPUT, report, "cannot be written (" + e.getMessage() + ")");
            }
            spec.commandLine().getErr().println("report: " + report.resolve("index.html"));
        }
        return ExitCodes.OK;
    }
}
