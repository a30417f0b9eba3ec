package dev.linf.cli;

import dev.linf.eval.Benchmark;
import dev.linf.image.Images;
import dev.linf.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * {@code linf eval --report DIR}: a self-contained HTML page (images as PNG files beside it, no
 * scripts, nothing fetched) with, per dataset and scale, the printed table's numbers, and for each
 * image a zoomed crop of its most detailed region as LR (nearest), bicubic, the model at T = 0 and
 * at the sampled temperature, and HR, each with its Y-PSNR; at T > 0 a per-pixel diversity map; and
 * an SVG chart of the PSNR gain over bicubic against scale.
 */
final class VisualReport {
    /** Side of the displayed tiles, in screen pixels (crops are zoomed by nearest neighbour). */
    private static final int TILE = 192;

    /** One table row, as printed. */
    record Row(String dataset, double scale, int images, double psnr, double bicubic, double ssim, double bicSsim,
            double diversity) {
    }

    /** One image's strip: its tiles (label, Y-PSNR or NaN, file) in order. */
    record Strip(String dataset, double scale, String image, List<Tile> tiles, String stripFile) {
    }

    record Tile(String label, double psnr, String file) {
    }

    private final Path dir;
    private final float temperature;
    private final List<Row> rows = new ArrayList<>();
    private final List<Strip> strips = new ArrayList<>();
    private final Map<String, Map<Double, Double>> gains = new LinkedHashMap<>();

    VisualReport(Path dir, float temperature) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.temperature = temperature;
    }

    void row(Row r) {
        rows.add(r);
        gains.computeIfAbsent(r.dataset(), k -> new LinkedHashMap<>()).put(r.scale(), r.psnr() - r.bicubic());
    }

    /**
     * The crop of {@code pair} with the most detail (largest sum of luminance gradients), as
     * (row, column, side) in HR pixels.
     */
    static int[] detailedCrop(Tensor hr) {
        int h = hr.dim(1);
        int w = hr.dim(2);
        int c = Math.max(8, Math.min(Math.min(h, w), Math.max(24, Math.min(h, w) / 3)));
        c = Math.min(c, Math.min(h, w));
        double[] grad = new double[(h + 1) * (w + 1)]; // integral image of |dY/dx| + |dY/dy|
        float[] d = hr.data();
        int n = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double g = 0;
                if (x + 1 < w) {
                    g += Math.abs(luma(d, n, y * w + x + 1) - luma(d, n, y * w + x));
                }
                if (y + 1 < h) {
                    g += Math.abs(luma(d, n, (y + 1) * w + x) - luma(d, n, y * w + x));
                }
                grad[(y + 1) * (w + 1) + x + 1] = g + grad[y * (w + 1) + x + 1] + grad[(y + 1) * (w + 1) + x]
                        - grad[y * (w + 1) + x];
            }
        }
        int step = Math.max(1, c / 4);
        int[] best = {0, 0, c};
        double bestScore = -1;
        for (int y = 0; y + c <= h; y += step) {
            for (int x = 0; x + c <= w; x += step) {
                double s = grad[(y + c) * (w + 1) + x + c] - grad[y * (w + 1) + x + c] - grad[(y + c) * (w + 1) + x]
                        + grad[y * (w + 1) + x];
                if (s > bestScore) {
                    bestScore = s;
                    best = new int[] {y, x, c};
                }
            }
        }
        return best;
    }

    private static double luma(float[] d, int n, int i) {
        return 0.299 * d[i] + 0.587 * d[n + i] + 0.114 * d[2 * n + i];
    }

    /**
     * Keeps, for each image of a scoring run, the crop of its most detailed region from every
     * output, and the first sample's Y-PSNR (whole images are not kept).
     */
    static final class Collector implements Benchmark.Observer {
        final Map<String, Benchmark.Pair> pairs = new LinkedHashMap<>();
        final Map<String, int[]> crops = new LinkedHashMap<>();
        final Map<String, List<Tensor>> outputs = new LinkedHashMap<>();
        final Map<String, Double> psnr = new LinkedHashMap<>();
        /** The HR size of each image, before cropping. */
        final Map<String, int[]> hrSize = new LinkedHashMap<>();

        @Override
        public void output(Benchmark.Pair pair, int sample, Tensor output, double yPsnr) {
            hrSize.putIfAbsent(pair.name(), new int[] {pair.hr().dim(1), pair.hr().dim(2)});
            pairs.putIfAbsent(pair.name(), new Benchmark.Pair(pair.name(), pair.lr(), crop(pair.hr(),
                    crops.computeIfAbsent(pair.name(), k -> detailedCrop(pair.hr())))));
            outputs.computeIfAbsent(pair.name(), k -> new ArrayList<>()).add(crop(output, crops.get(pair.name())));
            if (sample == 0) {
                psnr.put(pair.name(), yPsnr);
            }
        }

        private static Tensor crop(Tensor t, int[] c) {
            int h = t.dim(1);
            int w = t.dim(2);
            float[] out = new float[3 * c[2] * c[2]];
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < c[2]; y++) {
                    System.arraycopy(t.data(), ch * h * w + (c[0] + y) * w + c[1], out, (ch * c[2] + y) * c[2], c[2]);
                }
            }
            return Tensor.of(out, 3, c[2], c[2]);
        }
    }

    /**
     * Adds the strip of every image the collectors saw: bicubic, the model at T = 0 and, when
     * {@code sampled} is not null, at the report's temperature with its diversity map.
     */
    void strips(String dataset, double scale, Collector bicubic, Collector t0, Collector sampled) throws IOException {
        for (String name : t0.pairs.keySet()) {
            Benchmark.Pair p = t0.pairs.get(name);
            int[] c = t0.crops.get(name);
            strip(dataset, scale, name, p.lr(), c, t0.hrSize.get(name), p.hr(), bicubic.outputs.get(name).getFirst(),
                    bicubic.psnr.get(name), t0.outputs.get(name).getFirst(), t0.psnr.get(name),
                    sampled == null ? null : sampled.outputs.get(name).getFirst(),
                    sampled == null ? Double.NaN : sampled.psnr.get(name), sampled == null ? null : sampled.outputs.get(name));
        }
    }

    /**
     * Adds one image's strip from crops (the HR and the outputs already cut to {@code c}: row,
     * column, side in HR pixels of an image of {@code hrSize}); {@code lr} is the whole LR input.
     */
    private void strip(String dataset, double scale, String image, Tensor lr, int[] c, int[] hrSize, Tensor hr,
            Tensor bicubic, double bicPsnr, Tensor model, double modelPsnr, Tensor sampled, double sampledPsnr,
            List<Tensor> samples) throws IOException {
        String folder = safe(dataset) + "-" + Benchmark.label(scale);
        Files.createDirectories(dir.resolve(folder));
        String stem = folder + "/" + safe(image);
        List<Tile> tiles = new ArrayList<>();
        List<BufferedImage> pictures = new ArrayList<>();
        tiles.add(tile(stem + "-lr.png", "LR (nearest)", Double.NaN, lrCrop(lr, hrSize, c), pictures));
        tiles.add(tile(stem + "-bicubic.png", "bicubic", bicPsnr, Images.toImage(bicubic), pictures));
        tiles.add(tile(stem + "-model-t0.png", "model, T = 0", modelPsnr, Images.toImage(model), pictures));
        if (sampled != null) {
            tiles.add(tile(stem + "-model-t" + temperature + ".png", "model, T = " + temperature, sampledPsnr,
                    Images.toImage(sampled), pictures));
        }
        tiles.add(tile(stem + "-hr.png", "HR", Double.NaN, Images.toImage(hr), pictures));
        if (samples != null && samples.size() > 1) {
            tiles.add(tile(stem + "-diversity.png", "diversity (std. dev. across " + samples.size() + " samples)",
                    Double.NaN, diversity(samples), pictures));
        }
        String stripFile = stem + "-strip.png";
        write(stripFile, join(pictures));
        strips.add(new Strip(dataset, scale, image, tiles, stripFile));
    }

    private Tile tile(String file, String label, double psnr, BufferedImage img, List<BufferedImage> pictures)
            throws IOException {
        BufferedImage zoomed = zoom(img);
        write(file, zoomed);
        pictures.add(zoomed);
        return new Tile(label, psnr, file);
    }

    private void write(String file, BufferedImage img) throws IOException {
        dev.linf.io.AtomicFiles.write(dir.resolve(file), out -> ImageIO.write(img, "png", out));
    }

    /** The LR pixels under the HR crop, each repeated over the HR pixels it covers. */
    private static BufferedImage lrCrop(Tensor lr, int[] hrSize, int[] c) {
        int lh = lr.dim(1);
        int lw = lr.dim(2);
        double sy = (double) lh / hrSize[0];
        double sx = (double) lw / hrSize[1];
        BufferedImage img = new BufferedImage(c[2], c[2], BufferedImage.TYPE_INT_RGB);
        float[] d = lr.data();
        for (int y = 0; y < c[2]; y++) {
            int ly = Math.min(lh - 1, (int) ((c[0] + y + 0.5) * sy));
            for (int x = 0; x < c[2]; x++) {
                int lx = Math.min(lw - 1, (int) ((c[1] + x + 0.5) * sx));
                int i = ly * lw + lx;
                img.setRGB(x, y, q(d[i]) << 16 | q(d[lh * lw + i]) << 8 | q(d[2 * lh * lw + i]));
            }
        }
        return img;
    }

    /** Per-pixel standard deviation across the samples' uint8 values (mean over channels), as gray levels x 8. */
    private static BufferedImage diversity(List<Tensor> samples) {
        Tensor first = samples.getFirst();
        int h = first.dim(1);
        int w = first.dim(2);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double sd = 0;
                for (int ch = 0; ch < 3; ch++) {
                    double mean = 0;
                    for (Tensor t : samples) {
                        mean += q(t.data()[ch * h * w + i]);
                    }
                    mean /= samples.size();
                    double var = 0;
                    for (Tensor t : samples) {
                        double dv = q(t.data()[ch * h * w + i]) - mean;
                        var += dv * dv;
                    }
                    sd += Math.sqrt(var / (samples.size() - 1)) / 3;
                }
                int v = (int) Math.min(255, Math.round(sd * 8));
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return img;
    }

    private static int q(float v) {
        return (int) Math.rint(Math.min(Math.max(v, 0f), 1f) * 255f);
    }

    private static BufferedImage zoom(BufferedImage img) {
        int z = Math.max(1, TILE / img.getWidth());
        BufferedImage out = new BufferedImage(img.getWidth() * z, img.getHeight() * z, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, img.getRGB(x / z, y / z));
            }
        }
        return out;
    }

    /** The tiles side by side, 6 white pixels apart. */
    private static BufferedImage join(List<BufferedImage> tiles) {
        int gap = 6;
        int w = -gap;
        int h = 0;
        for (BufferedImage t : tiles) {
            w += t.getWidth() + gap;
            h = Math.max(h, t.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage t : tiles) {
            g.drawImage(t, x, 0, null);
            x += t.getWidth() + gap;
        }
        g.dispose();
        return out;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Writes {@code index.html} and {@code gain.svg}. */
    void finish(String modelLabel) throws IOException {
        Files.writeString(dir.resolve("gain.svg"), chart(), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>LINF evaluation</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f3f3f3}")
                .append("figure{display:inline-block;margin:0 .4em 1em 0;text-align:center}")
                .append("figcaption{font-size:.85em}img{image-rendering:pixelated}</style></head><body>\n");
        b.append("<h1>LINF evaluation</h1>\n<p>").append(html(modelLabel)).append(", T = ").append(temperature)
                .append(". Y-PSNR in dB on the Y channel with the papers' shave; SSIM per RGB channel.</p>\n");
        b.append("<h2>Scores against bicubic</h2>\n<table><tr><th>dataset</th><th>scale</th><th>images</th>")
                .append("<th>model PSNR</th><th>bicubic</th><th>gain</th><th>SSIM</th><th>bic SSIM</th>")
                .append(temperature > 0 ? "<th>diversity</th>" : "").append("</tr>\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%.2f</td><td>%.2f</td>"
                    + "<td>%+.2f</td><td>%.4f</td><td>%.4f</td>%s</tr>%n", html(r.dataset()), Benchmark.label(r.scale()),
                    r.images(), r.psnr(), r.bicubic(), r.psnr() - r.bicubic(), r.ssim(), r.bicSsim(),
                    temperature > 0 ? String.format(Locale.ROOT, "<td>%.3f</td>", r.diversity()) : ""));
        }
        b.append("</table>\n<h2>PSNR gain over bicubic against scale</h2>\n<img src=\"gain.svg\" alt=\"gain chart\">\n");
        String section = "";
        for (Strip s : strips) {
            String title = s.dataset() + " " + Benchmark.label(s.scale());
            if (!title.equals(section)) {
                b.append("<h2>").append(html(title)).append("</h2>\n");
                section = title;
            }
            b.append("<h3>").append(html(s.image())).append("</h3>\n<div>");
            for (Tile t : s.tiles()) {
                b.append("<figure><img src=\"").append(t.file()).append("\" alt=\"").append(html(t.label()))
                        .append("\"><figcaption>").append(html(t.label()));
                if (!Double.isNaN(t.psnr())) {
                    b.append(String.format(Locale.ROOT, "<br>%.2f dB", t.psnr()));
                }
                b.append("</figcaption></figure>");
            }
            b.append("</div>\n");
        }
        b.append("</body></html>\n");
        Files.writeString(dir.resolve("index.html"), b.toString(), StandardCharsets.UTF_8);
    }

    /** Gain (dB) against scale, one line per dataset, drawn as SVG. */
    private String chart() {
        int w = 560;
        int h = 320;
        int left = 50;
        int bottom = 40;
        double minS = Double.MAX_VALUE;
        double maxS = -Double.MAX_VALUE;
        double maxG = 0.5;
        double minG = 0;
        for (Map<Double, Double> g : gains.values()) {
            for (Map.Entry<Double, Double> e : g.entrySet()) {
                minS = Math.min(minS, e.getKey());
                maxS = Math.max(maxS, e.getKey());
                maxG = Math.max(maxG, e.getValue());
                minG = Math.min(minG, e.getValue());
            }
        }
        if (maxS <= minS) {
            maxS = minS + 1;
        }
        final double s0 = minS;
        final double s1 = maxS;
        final double g0 = minG;
        final double g1 = maxG * 1.1;
        java.util.function.DoubleUnaryOperator px = s -> left + (s - s0) / (s1 - s0) * (w - left - 20);
        java.util.function.DoubleUnaryOperator py = g -> h - bottom - (g - g0) / (g1 - g0) * (h - bottom - 20);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", w, h));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left,
                h - bottom, w - 10, h - bottom));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, left,
                h - bottom));
        for (int i = 0; i <= 4; i++) {
            double g = g0 + (g1 - g0) * i / 4;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", left - 4,
                    py.applyAsDouble(g) + 4, g));
        }
        java.util.Set<Double> scales = new java.util.TreeSet<>();
        gains.values().forEach(g -> scales.addAll(g.keySet()));
        for (double s : scales) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    px.applyAsDouble(s), h - bottom + 16, Benchmark.label(s)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">scale</text>%n",
                (left + w) / 2, h - 6));
        b.append("<text x=\"14\" y=\"150\" transform=\"rotate(-90 14 150)\" text-anchor=\"middle\">gain over bicubic (dB)"
                + "</text>\n");
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
        int k = 0;
        for (Map.Entry<String, Map<Double, Double>> e : gains.entrySet()) {
            String colour = colours[k % colours.length];
            StringBuilder pts = new StringBuilder();
            for (Map.Entry<Double, Double> p : new java.util.TreeMap<>(e.getValue()).entrySet()) {
                double x = px.applyAsDouble(p.getKey());
                double y = py.applyAsDouble(p.getValue());
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colour));
            }
            b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    pts.toString().strip(), colour));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", w - 150, 24 + 16 * k,
                    colour, html(e.getKey())));
            k++;
        }
        return b.append("</svg>\n").toString();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
