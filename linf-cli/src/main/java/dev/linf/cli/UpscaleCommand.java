package dev.linf.cli;

import dev.linf.errors.InvalidInputException;
import dev.linf.errors.LinfException;
import dev.linf.errors.OutputException;
import dev.linf.Upscaler;
import dev.linf.image.Images;
import dev.linf.model.NoiseSource;
import dev.linf.model.PixelSink;
import dev.linf.model.ReplayedNoise;
import dev.linf.model.SeededNoise;
import dev.linf.runner.ModelRunner;
import dev.linf.runner.Monitor;
import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code linf upscale}: images (or .npy arrays) in, upscaled images (or arrays) out. One input and
 * an output file name: that file. Several inputs, folders or globs: an output folder, or a name
 * pattern with {@code {name}}; a bad input is reported and skipped, and the exit code is 3 if any failed.
 */
@Command(name = "upscale", mixinStandardHelpOptions = true,
        description = {"Upscale images with a LINF model.",
            "INPUT: PNG, JPEG or BMP images, .npy float32 arrays (3,H,W) in [0,1], folders of them, or globs"
                + " ('photos/*.jpg').",
            "OUTPUT: a file (.png, .jpg, .bmp, or .npy: float32 (3,H,W) clamped to [0,1]) for one input;"
                + " for several, a folder (created if needed) or a pattern such as 'out/{name}-x4.png'."})
final class UpscaleCommand implements Callable<Integer> {
    private static final Pattern SIZE = Pattern.compile("(\\d+)?x(\\d+)?");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Images, .npy arrays, folders or globs.")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
            description = "Output file (one input), folder, or pattern with {name}.")
    String output;

    @Option(names = "--format", paramLabel = "EXT",
            description = "Output type for folder outputs: png, jpg, bmp or npy (default: the input's).")
    String format;

    @Option(names = "--overwrite", description = "Replace existing output files (refused otherwise).")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    /** How an alpha channel is upscaled. */
    enum AlphaMode { bicubic, model, drop }

    @Option(names = "--alpha", defaultValue = "bicubic", paramLabel = "MODE",
            description = "Alpha channel: bicubic (default), model (through the model at T=0) or drop."
                    + " JPEG and BMP outputs never hold alpha.")
    AlphaMode alpha;

    @Option(names = "--jpeg-quality", defaultValue = "92", paramLabel = "Q",
            description = "JPEG quality, 1-100 (default ${DEFAULT-VALUE}).")
    int jpegQuality;

    @CommandLine.Mixin
    ModelOptions model;


    @CommandLine.ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--scale", paramLabel = "S",
                description = "Scale factor (output round(H*S) x round(W*S)); default 4.")
        Double scale;

        @Option(names = "--size", paramLabel = "WxH",
                description = "Exact output size, width x height (e.g. 1920x1080); '1920x' or 'x1080' keeps the aspect.")
        String size;
    }

    @Option(names = {"-t", "--temperature"}, defaultValue = "0", paramLabel = "T",
            description = "Sampling temperature: 0 is sharp and deterministic, >0 adds realistic texture (default 0).")
    float temperature;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the latent noise for T>0 (default 0).")
    long seed;

    @Option(names = "--noise", paramLabel = "EPS.npy",
            description = "Replay these standard-normal latents, shape (H_out, W_out, 3), instead of seeded ones.")
    Path noise;

    @Override
    public Integer call() {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--temperature must be a finite number >= 0");
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jpeg-quality must be 1-100, got " + jpegQuality);
        }
        List<Path> files = Batch.expand(inputs);
        boolean single = files.size() == 1 && inputs.size() == 1 && !Files.isDirectory(Path.of(inputs.getFirst()))
                && !Batch.isFolderOrPattern(output);
        if (!single && noise != null) {
            throw new CliFailure(ExitCodes.USAGE, Path.of(noise.toString()), "--noise replays one image's latents;"
                    + " give a single input");
        }
        List<Path> outs = new ArrayList<>();
        for (Path f : files) {
            outs.add(single ? Path.of(output) : Batch.outputFor(f, output, format));
        }
        if (!single) {
            Batch.prepareFolder(output);
        }
        for (Path o : outs) {
            Inputs.checkWritable(o, true);
        }
        ModelRunner linf = model.load();
        if (single) {
            one(linf, files.getFirst(), outs.getFirst(), null);
            return ExitCodes.OK;
        }
        var err = spec.commandLine().getErr();
        java.util.List<String> failures = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String label = "[" + (i + 1) + "/" + files.size() + "] " + files.get(i);
            long t0 = System.nanoTime();
            try {
                one(linf, files.get(i), outs.get(i), label);
                if (!quiet) {
                    err.printf(Locale.ROOT, "%s -> %s (%.1f s)%n", label, outs.get(i), (System.nanoTime() - t0) / 1e9);
                }
            } catch (CliFailure f) {
                failures.add(f.line());
                err.println("linf: " + f.line());
            }
        }
        if (!failures.isEmpty()) {
            err.println("linf: " + failures.size() + " of " + files.size() + " inputs failed:");
            failures.forEach(line -> err.println("linf: " + line));
            return ExitCodes.INPUT;
        }
        return ExitCodes.OK;
    }

    /** Upscales one file; {@code label} names it in the terminal progress line (batch mode). */
    private void one(ModelRunner linf, Path in, Path out, String label) {
        if (!overwrite && Files.exists(out)) {
            throw new CliFailure(ExitCodes.OUTPUT, out, "already exists", "pass --overwrite to replace it");
        }
        PrintWriter terminal = ProgressBar.terminal(quiet);
        ProgressBar bar = terminal == null ? null : new ProgressBar(terminal, label != null ? label : "upscaling");
        if (Inputs.isNpy(in) || Inputs.isNpy(out)) {
            array(linf, in, out, bar);
        } else {
            Upscaler up = upscaler(linf, bar).noise(latents(linf, in)).build();
            try {
                up.upscale(in, out, requested());
            } catch (InvalidInputException e) {
                throw new CliFailure(ExitCodes.INPUT, in, e.problem());
            } catch (OutputException e) {
                throw new CliFailure(ExitCodes.OUTPUT, out, e.problem());
            } catch (IllegalArgumentException | LinfException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (label != null && bar != null) {
            bar.clear();
        }
    }

    /** The library's upscaler with this command's settings. */
    private Upscaler.Builder upscaler(ModelRunner linf, ProgressBar bar) {
        return Upscaler.builder().model(linf.model()).kernels(linf.kernels()).threads(linf.threads())
                .tileSize(linf.tileSize()).temperature(temperature).seed(seed).progress(bar)
                .alpha(Upscaler.AlphaMode.valueOf(alpha.name().toUpperCase(Locale.ROOT)))
                .jpegQuality(jpegQuality / 100f).overwrite(overwrite);
    }

    /** The --noise latents, checked against the official layout for this input and size; null without --noise. */
    private NoiseSource latents(ModelRunner linf, Path in) {
        if (noise == null) {
            return null;
        }
        Tensor image = Inputs.image(in);
        int[] size = outputSize(image.dim(1), image.dim(2));
        Tensor eps = Inputs.array(noise);
        int[] expected = linf.model().latentShape(image.dim(1), image.dim(2), size[0], size[1]);
        if (!eps.hasShape(expected)) {
            throw new CliFailure(ExitCodes.INPUT, noise, "noise array has shape "
                    + java.util.Arrays.toString(eps.shape()) + ", expected " + java.util.Arrays.toString(expected),
                    "give the latents in the official layout for this model and output size");
        }
        return new ReplayedNoise(eps);
    }

    /** A .npy array in or out: the model's float output, clamped to [0, 1], as an array or an 8-bit RGB image. */
    private void array(ModelRunner linf, Path in, Path out, ProgressBar bar) {
        Tensor image = Inputs.image(in);
        int[] size = outputSize(image.dim(1), image.dim(2));
        NoiseSource latents = latents(linf, in);
        NoiseSource n = latents != null ? latents : new SeededNoise(seed);
        Monitor monitor = Monitor.of(bar, null);
        if (Inputs.isNpy(out)) {
            Tensor result = Tensor.zeros(3, size[0], size[1]);
            linf.upscale(image, size[0], size[1], temperature, n, PixelSink.into(result), monitor);
            Inputs.write(out, result);
        } else {
            BufferedImage result = new BufferedImage(size[1], size[0], BufferedImage.TYPE_INT_RGB);
            linf.upscale(image, size[0], size[1], temperature, n, Images.sinkInto(result), monitor);
            Inputs.write(out, result, jpegQuality / 100f, null);
        }
    }

    /** (height, width) of the output. */
    private int[] outputSize(int h, int w) {
        try {
            return requested().resolve(h, w);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The output size asked for, as the API's {@link dev.linf.Target}. */
    private dev.linf.Target requested() {
        if (target == null || target.size == null) {
            return dev.linf.Target.scale(target != null && target.scale != null ? target.scale : 4.0);
        }
        Matcher m = SIZE.matcher(target.size);
        if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--size must be WIDTHxHEIGHT, WIDTHx or xHEIGHT, got '" + target.size + "'");
        }
        if (m.group(1) == null) {
            return dev.linf.Target.height(parse(m.group(2)));
        }
        return m.group(2) == null ? dev.linf.Target.width(parse(m.group(1)))
                : dev.linf.Target.size(parse(m.group(1)), parse(m.group(2)));
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size " + digits + " is too large");
        }
    }
}
