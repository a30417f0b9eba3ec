package dev.linf.eval;

import dev.linf.image.Images;
import dev.linf.model.SeededNoise;
import dev.linf.runner.ModelRunner;
import dev.linf.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Scores on SR benchmark folders ({@code <set>/HR/*.png}, {@code <set>/LR_bicubic/X<s>/<name>x<s>.png})
 * with the protocol of the LIIF/LTE/LINF papers: the provided MATLAB-bicubic LR files where they
 * exist, otherwise LR made with the official resize_fn (Pillow bicubic) after cropping the HR to
 * {@code round(floor(H/s + 1e-9) * s)}; Y-PSNR with shave = ceil(s); SSIM per RGB channel; the mean
 * over images of per-image values.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /** One evaluation image: its name, LR input and HR target (both [0, 1], 8-bit values). */
    public record Pair(String name, Tensor lr, Tensor hr) {
    }

    /** Mean scores over a set; {@code diversity} is 0 at T = 0. */
    public record Scores(double yPsnr, double ssim, double diversity, int images, List<Double> perImagePsnr,
            List<String> names) {
    }

    /** The evaluation pairs of a dataset folder at scale s. */
    public static List<Pair> pairs(Path dataset, double s) {
        List<Pair> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataset.resolve("HR"))) {
            for (Path hrFile : files.filter(Benchmark::isImage).sorted().toList()) {
                String name = hrFile.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                Tensor hr = Images.read(hrFile);
                int si = (int) s;
                Path lrFile = dataset.resolve("LR_bicubic/X" + si + "/" + name + "x" + si + ".png");
                if (si == s && Files.isRegularFile(lrFile)) {
                    Tensor lr = Images.read(lrFile);
                    out.add(new Pair(name, lr, Rgb8.crop(hr, lr.dim(1) * si, lr.dim(2) * si)));
                } else {
                    Pair p = pilPair(hr, s);
                    out.add(new Pair(name, p.lr(), p.hr()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataset.resolve("HR"), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(dataset + ": no images in HR/");
        }
        return out;
    }

    private static boolean isImage(Path p) {
        return Images.formatOf(p) != null;
    }

    /** The official downsampling wrapper for scale s: crop the HR, then Pillow-bicubic it. */
    public static Pair pilPair(Tensor hr, double s) {
        int hLr = (int) Math.floor(hr.dim(1) / s + 1e-9);
        int wLr = (int) Math.floor(hr.dim(2) / s + 1e-9);
        Tensor crop = Rgb8.crop(hr, (int) Math.rint(hLr * s), (int) Math.rint(wLr * s));
        return new Pair("", PilBicubic.resize(crop, hLr, wLr), crop);
    }

    private static int shave(double s) {
        return (int) Math.ceil(s);
    }

    /** Sees every output of a scoring run with its Y-PSNR (a visual report keeps crops of them). */
    public interface Observer {
        /**
         * One output.
         *
         * @param pair the image
         * @param sample the sample's index (0 at T = 0)
         * @param output the upscaled image, [0, 1]
         * @param yPsnr its Y-PSNR against the HR
         */
        void output(Pair pair, int sample, Tensor output, double yPsnr);
    }

    /** Bicubic upsampling (MATLAB imresize, double precision) of each LR input to its HR size. */
    public static Scores bicubic(Path dataset, double s) {
        return bicubic(dataset, s, null);
    }

    /** {@link #bicubic(Path, double)}, showing each output to {@code observer} (may be null). */
    public static Scores bicubic(Path dataset, double s, Observer observer) {
        return score(pairs(dataset, s), s, 1, (p, i) -> MatlabBicubic.resize(p.lr(), p.hr().dim(1), p.hr().dim(2), false),
                observer);
    }

    /** The model at temperature T; for T > 0 the mean over {@code samples} seeded samples. */
    public static Scores model(ModelRunner model, Path dataset, double s, float temperature, int samples, long seed) {
        return model(model, dataset, s, temperature, samples, seed, null);
    }

    /** {@link #model(ModelRunner, Path, double, float, int, long)}, showing each output to {@code observer}. */
    public static Scores model(ModelRunner model, Path dataset, double s, float temperature, int samples, long seed,
            Observer observer) {
        int k = temperature > 0 ? Math.max(1, samples) : 1;
        return score(pairs(dataset, s), s, k,
                (p, i) -> model.upscale(p.lr(), p.hr().dim(1), p.hr().dim(2), temperature, new SeededNoise(seed + i)),
                observer);
    }

    private interface Upscaler {
        Tensor apply(Pair pair, int sample);
    }

    private static Scores score(List<Pair> pairs, double s, int samples, Upscaler up, Observer observer) {
        double psnr = 0;
        double ssim = 0;
        double diversity = 0;
        List<Double> perImage = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Pair p : pairs) {
            names.add(p.name());
            Tensor[] outs = new Tensor[samples];
            double ip = 0;
            double is = 0;
            for (int i = 0; i < samples; i++) {
                outs[i] = up.apply(p, i);
                double psnr1 = Metrics.yPsnr(outs[i], p.hr(), shave(s));
                ip += psnr1;
                if (observer != null) {
                    observer.output(p, i, outs[i], psnr1);
                }
                is += Metrics.ssim(outs[i], p.hr());
            }
            perImage.add(ip / samples);
            psnr += ip / samples;
            ssim += is / samples;
            diversity += samples > 1 ? diversity(outs) : 0;
        }
        int n = pairs.size();
        return new Scores(psnr / n, ssim / n, diversity / n, n, List.copyOf(perImage), List.copyOf(names));
    }

    /** Mean over pixels of the (unbiased) standard deviation across samples of the uint8 images. */
    static double diversity(Tensor[] samples) {
        int m = samples[0].numel();
        double total = 0;
        for (int i = 0; i < m; i++) {
            double mean = 0;
            for (Tensor t : samples) {
                mean += q8(t.data()[i]);
            }
            mean /= samples.length;
            double var = 0;
            for (Tensor t : samples) {
                double d = q8(t.data()[i]) - mean;
                var += d * d;
            }
            total += Math.sqrt(var / (samples.length - 1));
        }
        return total / m;
    }

    private static double q8(float v) {
        return Math.rint(Math.min(Math.max(v, 0f), 1f) * 255f);
    }

    /** Formats a scale as the tables do: 2 -> "x2", 2.5 -> "x2.5". */
    public static String label(double s) {
        return s == Math.rint(s) ? "x" + (long) s : "x" + String.format(Locale.ROOT, "%s", s);
    }
}
