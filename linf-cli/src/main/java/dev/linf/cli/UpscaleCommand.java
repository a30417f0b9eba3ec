package dev.linf.cli;

import dev.linf.image.Images;
import dev.linf.model.LinfModel;
import dev.linf.model.NoiseSource;
import dev.linf.model.OutputSize;
import dev.linf.model.ReplayedNoise;
import dev.linf.model.SeededNoise;
import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code linf upscale}: one image (or .npy array) in, the upscaled image (or array) out. */
@Command(name = "upscale", mixinStandardHelpOptions = true,
        description = {"Upscale an image with a LINF model.",
            "INPUT is a PNG, JPEG or BMP image, or a .npy float32 array (3,H,W) in [0,1].",
            "OUTPUT is an image (.png, .jpg, .bmp) or a .npy float32 array (3,H,W) clamped to [0,1]."})
final class UpscaleCommand implements Callable<Integer> {
    private static final Pattern SIZE = Pattern.compile("(\\d+)?x(\\d+)?");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Image or .npy array to upscale.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT", description = "Where to write the result.")
    Path output;

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
        Inputs.checkWritable(output, true);
        Tensor image = Inputs.image(input);
        int[] size = outputSize(image.dim(1), image.dim(2));
        NoiseSource latents = new SeededNoise(seed);
        if (noise != null) {
            Tensor eps = Inputs.array(noise);
            if (!eps.hasShape(size[0], size[1], 3)) {
                throw new CliFailure(ExitCodes.INPUT, noise, "noise array has shape "
                        + java.util.Arrays.toString(eps.shape()) + ", expected [" + size[0] + ", " + size[1] + ", 3]");
            }
            latents = new ReplayedNoise(eps);
        }
        LinfModel linf = model.load();
        if (Inputs.isNpy(output)) {
            Inputs.write(output, linf.upscale(image, size[0], size[1], temperature, latents));
        } else {
            // Pixels go straight into the 8-bit image: no float copy of a large output.
            BufferedImage result = new BufferedImage(size[1], size[0], BufferedImage.TYPE_INT_RGB);
            linf.upscale(image, size[0], size[1], temperature, latents, Images.sinkInto(result));
            Inputs.write(output, result);
        }
        return ExitCodes.OK;
    }

    /** (height, width) of the output. */
    private int[] outputSize(int h, int w) {
        try {
            if (target != null && target.size != null) {
                Matcher m = SIZE.matcher(target.size);
                if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--size must be WIDTHxHEIGHT, WIDTHx or xHEIGHT, got '" + target.size + "'");
                }
                int outW = m.group(1) != null ? parse(m.group(1)) : OutputSize.scaled(w, parse(m.group(2)) / (double) h);
                int outH = m.group(2) != null ? parse(m.group(2)) : OutputSize.scaled(h, outW / (double) w);
                OutputSize.check(outH, outW);
                return new int[] {outH, outW};
            }
            double s = target != null && target.scale != null ? target.scale : 4.0;
            int outH = OutputSize.scaled(h, s);
            int outW = OutputSize.scaled(w, s);
            OutputSize.check(outH, outW);
            return new int[] {outH, outW};
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size " + digits + " is too large");
        }
    }
}
