package dev.linf.cli;

import dev.linf.Linf;
import dev.linf.Target;
import dev.linf.Upscaler;
import dev.linf.image.Images;
import dev.linf.image.Picture;
import dev.linf.model.LinfModel;
import dev.linf.model.SeededNoise;
import dev.linf.runner.ModelRunner;
import dev.linf.tensor.Tensor;
import dev.linf.weights.Checkpoints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;

/**
 * README's Java snippets, verbatim (ReadmeExamplesTest checks that every README block appears
 * here), run by {@link #main} in a folder holding the files they name.
 */
final class ReadmeExamples {
    private ReadmeExamples() {
    }

    static BufferedImage oneLine(File file) throws IOException {
        BufferedImage big = Linf.upscale(ImageIO.read(file), 2.37);
        return big;
    }

    static void configured(BufferedImage image, AtomicBoolean cancelled) throws IOException {
        try (Upscaler up = Upscaler.builder()
                .temperature(0.6f).seed(7)                 // T > 0: sampled texture, reproducible per seed
                .threads(4).tileSize(256)                  // per-instance threads; tiles bound the memory
                .progress((fraction, stage) -> System.err.printf("%s %.0f%%%n", stage, 100 * fraction))
                .build()) {
            BufferedImage hd = up.upscale(image, Target.width(1920));             // aspect ratio kept
            BufferedImage x3 = up.upscale(image, Target.scale(3), cancelled::get); // cooperative cancellation
            up.upscale(Path.of("photo.png"), Path.of("photo-x2.png"), Target.scale(2)); // file to file
            Picture logo = Picture.read(Path.of("logo.png"));                     // 16-bit gray + alpha, say
            up.upscale(logo, Target.scale(4)).write(Path.of("logo-x4.png"));      // stored the same way
        }
    }

    static LinfModel ownWeights(BufferedImage image) {
        LinfModel model = Checkpoints.load(Path.of("edsr-baseline-linf.pth")); // or .safetensors
        try (Upscaler up = Upscaler.builder().model(model).build()) {
            System.err.println(up.describe()); // architecture, parameters, kernels, threads
            BufferedImage big = up.upscale(image, Target.scale(2.37));
        }
        return model;
    }

    static double[] research(LinfModel model) {
        ModelRunner runner = ModelRunner.of(model);                          // fastest kernels, all processors
        Tensor lr = Images.read(Path.of("photo.png"));                       // (3, h, w) in [0, 1]
        Tensor hr = runner.upscale(lr, 2.37, 0f, new SeededNoise(0));        // T = 0
        Tensor truth = Images.read(Path.of("photo-hr.png"));
        // Exact log-likelihood of an HR image given its LR version (nats per pixel, official log_p;
        // for a 3x3 patch model, of the residual patch centred at each pixel):
        double[] logp = runner.logLikelihoodPerPixel(LinfModel.normalise(lr), LinfModel.normalise(truth));
        return logp;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Runs every snippet in the current folder; args[0] is the checkpoint the snippets call edsr-baseline-linf.pth. */
    public static void main(String[] args) throws IOException {
        Files.copy(Path.of(args[0]), Path.of("edsr-baseline-linf.pth"));
        BufferedImage photo = TestImages.kind("rgb8", 20, 16);
        ImageIO.write(photo, "png", new File("photo.png"));
        ImageIO.write(TestImages.kind("rgb8", 47, 38), "png", new File("photo-hr.png"));
        ImageIO.write(TestImages.kind("grayalpha16", 9, 7), "png", new File("logo.png"));
        check(oneLine(new File("photo.png")).getWidth() == 47, "one-line size");
        configured(photo, new AtomicBoolean());
        double[] logp = research(ownWeights(photo));
        check(logp.length == 47 * 38, "one log-likelihood per HR pixel");
        for (double v : logp) {
            check(Double.isFinite(v), "finite log-likelihood");
        }
        Picture logo = Picture.read(Path.of("logo-x4.png"));
        check(logo.bits() == 16 && logo.gray() && logo.hasAlpha() && logo.width() == 36, "logo kept its kind");
        check(Picture.read(Path.of("photo-x2.png")).width() == 40, "file call");
        System.out.println("all README examples ran");
    }
}
