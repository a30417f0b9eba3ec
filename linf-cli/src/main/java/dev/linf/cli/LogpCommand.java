package dev.linf.cli;

import dev.linf.io.Npy;
import dev.linf.model.LinfModel;
import dev.linf.runner.ModelRunner;
import dev.linf.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code linf logp}: the model's log-likelihood of an HR image given its LR version, on the full
 * HR grid (spec section 8), in nats per pixel as the official {@code log_p}.
 */
@Command(name = "logp", mixinStandardHelpOptions = true,
        description = {"Log-likelihood of an HR image given the LR image, under the model's flow.",
            "Prints the mean over HR pixels (natural log, as the official log_p) on stdout;",
            "for 3x3-patch models, the mean over the residual patches centred at every HR pixel.",
            "Images or .npy float32 arrays (3,H,W) in [0,1]."})
final class LogpCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ModelOptions model;

    @Option(names = "--lr", required = true, paramLabel = "LR", description = "The low-resolution image.")
    Path lr;

    @Option(names = "--hr", required = true, paramLabel = "HR", description = "The high-resolution image.")
    Path hr;

    @Option(names = "--out", paramLabel = "MAP.npy", description = "Also save the per-pixel log-likelihood, float32 (H, W).")
    Path out;

    @Override
    public Integer call() {
        if (out != null) {
            if (!Inputs.isNpy(out)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out must name a .npy file");
            }
            Inputs.checkWritable(out, true);
        }
        Tensor lrImage = Inputs.image(lr);
        Tensor hrImage = Inputs.image(hr);
        ModelRunner linf = model.load();
        int h = hrImage.dim(1);
        int w = hrImage.dim(2);
        double[] logp = linf.logLikelihoodPerPixel(LinfModel.normalise(lrImage), LinfModel.normalise(hrImage));
        double sum = 0;
        for (double v : logp) {
            sum += v;
        }
        if (out != null) {
            float[] map = new float[logp.length];
            for (int i = 0; i < map.length; i++) {
                map[i] = (float) logp[i];
            }
            try {
                Npy.write(out, Tensor.of(map, h, w));
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.OUTPUT, out, "cannot be written (" + e.getMessage() + ")");
            }
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "%.7f", sum / logp.length));
        return ExitCodes.OK;
    }
}
