package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.image.Images;
import dev.linf.io.Npy;
import dev.linf.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end (in-process), on golden cases and on every documented failure. */
class CliTest extends CliTestBase {
    private static final Path WEIGHTS = GOLDEN.resolve("edsr-baseline/checkpoint.pth");
    private static final Path LR_NPY = GOLDEN.resolve("input/lr_24x16.npy");

    @TempDir
    Path dir;

    private static Tensor officialImage(String caseDir) {
        return officialImage("edsr-baseline", caseDir);
    }

    @Test
    void upscaleNonIntegerScaleMatchesOfficial() {
        Path o = dir.resolve("out.npy");
        assertEquals(0, linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS, "--scale", "2.7"), err);
        assertTrue(maxDiff(read(o), officialImage("x2p7_t0")) <= 2e-5);
        assertEquals("", out);
    }

    @Test
    void upscaleWithReplayedNoiseMatchesOfficial() {
        Path o = dir.resolve("out.npy");
        assertEquals(0, linf("upscale", LR_NPY, "-o", o, "--weights", GOLDEN.resolve("edsr-baseline/model.safetensors"),
                "--scale", "3", "--temperature", "0.8", "--noise", GOLDEN.resolve("edsr-baseline/x3_t0p8/eps.npy")), err);
        assertTrue(maxDiff(read(o), officialImage("x3_t0p8")) <= 2e-4);
    }

    @Test
    void sizeGivesTheSameResultAsTheEquivalentScale() {
        Path bySize = dir.resolve("size.npy");
        Path byHeight = dir.resolve("height.npy");
        assertEquals(0, linf("upscale", LR_NPY, "-o", bySize, "--weights", WEIGHTS, "--size", "43x65"), err);
        assertEquals(0, linf("upscale", LR_NPY, "-o", byHeight, "--weights", WEIGHTS, "--size", "x65"), err);
        assertTrue(maxDiff(read(bySize), officialImage("x2p7_t0")) <= 2e-5);
        assertEquals(0, maxDiff(read(bySize), read(byHeight)));
    }

    @Test
    void pngInPngOutWithSeededSampling() {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        Path lr = GOLDEN.resolve("input/lr_24x16.png");
        assertEquals(0, linf("upscale", lr, "-o", a, "--weights", WEIGHTS, "--scale", "2", "-t", "0.5", "--seed", "9"), err);
        assertEquals(0, linf("upscale", lr, "-o", b, "--weights", WEIGHTS, "--scale", "2", "-t", "0.5", "--seed", "9"), err);
        Tensor ta = Images.read(a);
        assertArrayEquals(new int[] {3, 48, 32}, ta.shape());
        assertArrayEquals(ta.data(), Images.read(b).data(), "same seed, same image");
    }

    @Test
    void logpPrintsTheMeanAndSavesAMapMatchingOfficial() {
        Path map = dir.resolve("map.npy");
        assertEquals(0, linf("logp", "--weights", WEIGHTS, "--lr", LR_NPY, "--hr", GOLDEN.resolve("input/hr_96x64.npy"),
                "--out", map), err);
        Tensor m = read(map);
        assertArrayEquals(new int[] {96, 64}, m.shape());
        double mean = 0;
        for (float v : m.data()) {
            mean += v;
        }
        assertEquals(mean / m.numel(), Double.parseDouble(out.strip()), 1e-5);
        // The official subsampled case evaluates the same model at 384 of these pixels.
        Tensor official = read(GOLDEN.resolve("edsr-baseline/logp_x4_subsample/log_p.npy"));
        Tensor indices = read(GOLDEN.resolve("../derived/logp_x4_subsample_indices.npy").normalize());
        for (int i = 0; i < indices.numel(); i++) {
            assertEquals(official.data()[i], m.data()[(int) indices.data()[i]], 2e-5, "pixel " + indices.data()[i]);
        }
    }

    private void assertOneLineError(int code, int expected, String... parts) {
        assertEquals(expected, code, err);
        String first = err.lines().findFirst().orElse("");
        assertTrue(first.matches("linf: .+ \\([^()]+\\)") || first.matches("linf: .+\\) \\([^()]+\\)"), "not 'linf: <file>: <problem> (<hint>)': " + err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        for (String p : parts) {
            assertTrue(first.contains(p), "'" + first + "' lacks '" + p + "'");
        }
        assertTrue(!err.contains("\tat "), "stack trace printed: " + err);
    }

    @Test
    void missingInputIsExit3() {
        Path o = dir.resolve("o.png");
        Path missing = dir.resolve("nope.png");
        assertOneLineError(linf("upscale", missing, "-o", o, "--weights", WEIGHTS), 3, missing + ": no such file");
        assertTrue(Files.notExists(o));
    }

    @Test
    void corruptInputImageIsExit3() throws IOException {
        Path bad = Files.write(dir.resolve("bad.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        assertOneLineError(linf("upscale", bad, "-o", dir.resolve("o.png"), "--weights", WEIGHTS), 3, bad.toString());
    }

    @Test
    void badWeightsAreExit4() throws IOException {
        Path w = Files.writeString(dir.resolve("w.pth"), "garbage");
        Path o = dir.resolve("o.npy");
        assertOneLineError(linf("upscale", LR_NPY, "-o", o, "--weights", w), 4, w + ": not a PyTorch");
        assertTrue(Files.notExists(o));
    }

    @Test
    void unwritableOutputIsExit5() {
        Path o = dir.resolve("no/such/folder/o.png");
        assertOneLineError(linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS), 5, "does not exist");
    }

    @Test
    void usageErrorsAreExit2() {
        Path o = dir.resolve("o.png");
        assertOneLineError(linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS, "--scale", "-2"), 2, "scale");
        assertOneLineError(linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS, "--scale", "1e9"), 2, "scale must be");
        assertOneLineError(linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS, "--scale", "5000"), 2, "output side");
        assertOneLineError(linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS, "--size", "12by4"), 2, "--size");
        assertOneLineError(linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS, "--scale", "2", "--size", "4x4"), 2);
        assertOneLineError(linf("upscale", LR_NPY, "-o", dir.resolve("o.tiff"), "--weights", WEIGHTS), 2, "unknown output type");
        assertOneLineError(linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS, "-t", "-1"), 2, "temperature");
        assertOneLineError(linf("upscale", LR_NPY, "--weights", WEIGHTS), 2, "--output");
        assertOneLineError(linf("frobnicate"), 2);
        assertTrue(Files.notExists(o));
    }

    @Test
    void aRunBuildsOnlyTheCommandItNames() {
        var all = LinfCli.commandLine(new String[0]).getSubcommands();
        assertEquals(java.util.List.of("upscale", "logp", "eval", "info", "check-flow", "serve", "convert", "help"),
                java.util.List.copyOf(all.keySet()));
        all.forEach((name, command) -> assertEquals(name, new picocli.CommandLine(command.getCommand()).getCommandName()));
        assertEquals(java.util.Set.of("upscale"),
                LinfCli.commandLine(new String[] {"--debug", "upscale", "x.png"}).getSubcommands().keySet());
        assertEquals(all.keySet(), LinfCli.commandLine(new String[] {"help", "upscale"}).getSubcommands().keySet());
        assertEquals(all.keySet(), LinfCli.commandLine(new String[] {"upscal"}).getSubcommands().keySet());
        assertEquals(0, linf("--help"));
        assertTrue(out.contains("check-flow") && out.contains("convert"), out);
        assertEquals(0, linf("help", "upscale"));
        assertTrue(out.contains("--temperature"), out);
        assertOneLineError(linf("upscal"), 2, "'upscal'");
    }

    @Test
    void withoutWeightsAndWithoutABundledModelIsExit4() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.linf.weights.DefaultModel.get().isEmpty());
        assertOneLineError(linf("upscale", LR_NPY, "-o", dir.resolve("o.npy")), 4, "no default model", "--weights");
    }

    @Test
    void noiseOfTheWrongShapeIsExit3() {
        Path eps = GOLDEN.resolve("edsr-baseline/x3_t0p8/eps.npy");
        assertOneLineError(linf("upscale", LR_NPY, "-o", dir.resolve("o.npy"), "--weights", WEIGHTS, "--scale", "2",
                "-t", "1", "--noise", eps), 3, "expected [48, 32, 3]");
    }

    @Test
    void wrongArrayShapeIsExit3() throws IOException {
        Path a = dir.resolve("a.npy");
        Npy.write(a, Tensor.zeros(4, 5, 5));
        assertOneLineError(linf("upscale", a, "-o", dir.resolve("o.npy"), "--weights", WEIGHTS), 3, "expected (3, H, W)");
    }

    @Test
    void infoDescribesTheModelAndBackend() {
        assertEquals(0, linf("info", "--weights", WEIGHTS, "--threads", 3));
        assertTrue(out.contains("edsr-baseline encoder, 256-wide Fourier ensemble, 4-layer MLP, 10-step flow (D=3)"), out);
        assertTrue(out.contains("parameters: 1,925,632"), out);
        assertTrue(out.contains("threads:    3"), out);
        assertTrue(out.contains("backend:    Vector API"), out);
        assertTrue(out.contains("fallback:   none"), out);
    }

    @Test
    void tiledUpscaleIsIdenticalAndBadTilesAreUsageErrors() {
        Path whole = dir.resolve("whole.npy");
        Path tiled = dir.resolve("tiled.npy");
        assertEquals(0, linf("upscale", LR_NPY, "-o", whole, "--weights", WEIGHTS, "--scale", "2.7", "-t", "0.8"), err);
        assertEquals(0, linf("upscale", LR_NPY, "-o", tiled, "--weights", WEIGHTS, "--scale", "2.7", "-t", "0.8",
                "--tile", "5"), err);
        assertArrayEquals(read(whole).data(), read(tiled).data());
        assertOneLineError(linf("upscale", LR_NPY, "-o", dir.resolve("x.npy"), "--weights", WEIGHTS, "--tile", "-3"), 2,
                "--tile must be at least 1");
        assertTrue(!Files.exists(dir.resolve("x.npy")));
    }

    @Test
    void batchOfAFolderKeepsGoingPastABadFileAndReportsIt() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(GOLDEN.resolve("input/lr_24x16.png"), in.resolve("a.png"));
        Files.write(in.resolve("b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}); // truncated
        Files.copy(LR_NPY, in.resolve("c.npy"));
        Files.writeString(in.resolve("notes.txt"), "not an image"); // ignored: not an input type
        Path out = dir.resolve("out");
        assertEquals(3, linf("upscale", in, "-o", out + "/", "--weights", WEIGHTS, "--scale", "2"), err);
        assertArrayEquals(new int[] {3, 48, 32}, Images.read(out.resolve("a.png")).shape());
        assertArrayEquals(new int[] {3, 48, 32}, read(out.resolve("c.npy")).shape());
        assertTrue(!Files.exists(out.resolve("b.png")), "no output for the bad input");
        assertTrue(err.contains("linf: " + in.resolve("b.png")), err);
        assertTrue(err.contains("1 of 3 inputs failed"), err);
        assertTrue(err.contains("[1/3] " + in.resolve("a.png") + " -> " + out.resolve("a.png")), err);
    }

    @Test
    void batchWithANamePatternAndAGlob() throws IOException {
        Files.copy(GOLDEN.resolve("input/lr_24x16.png"), dir.resolve("p1.png"));
        Files.copy(GOLDEN.resolve("input/lr_24x16.png"), dir.resolve("p2.png"));
        assertEquals(0, linf("upscale", dir.resolve("p*.png"), "-o", dir.resolve("up/{name}-x2.jpg"), "--weights",
                WEIGHTS, "--scale", "2", "--quiet"), err);
        assertTrue(Files.exists(dir.resolve("up/p1-x2.jpg")) && Files.exists(dir.resolve("up/p2-x2.jpg")));
        assertEquals("", err.lines().filter(l -> !l.contains("WARNING")).reduce("", String::concat));
    }

    @Test
    void existingOutputsAreKeptUnlessOverwriteIsGiven() throws IOException {
        Path o = Files.writeString(dir.resolve("o.png"), "precious");
        assertOneLineError(linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS), 5, "already exists", "--overwrite");
        assertEquals("precious", Files.readString(o));
        assertEquals(0, linf("upscale", LR_NPY, "-o", o, "--weights", WEIGHTS, "--overwrite"), err);
        assertArrayEquals(new int[] {3, 96, 64}, Images.read(o).shape());
    }

    @Test
    void jpegQualityIsHonouredAndChecked() throws IOException {
        Path low = dir.resolve("low.jpg");
        Path high = dir.resolve("high.jpg");
        assertEquals(0, linf("upscale", LR_NPY, "-o", low, "--weights", WEIGHTS, "--jpeg-quality", "10"), err);
        assertEquals(0, linf("upscale", LR_NPY, "-o", high, "--weights", WEIGHTS, "--jpeg-quality", "98"), err);
        assertTrue(Files.size(low) < Files.size(high), Files.size(low) + " vs " + Files.size(high));
        assertArrayEquals(new int[] {3, 96, 64}, Images.read(low).shape());
        assertOneLineError(linf("upscale", LR_NPY, "-o", dir.resolve("x.jpg"), "--weights", WEIGHTS,
                "--jpeg-quality", "0"), 2, "--jpeg-quality must be 1-100");
    }

    @Test
    void checkFlowReportsEveryLayerAndAVerdict() {
        assertEquals(0, linf("check-flow", "--weights", WEIGHTS, "--image", LR_NPY, "--scale", "2.5"), err);
        assertTrue(out.contains("2400 queries"), out); // 24x16 LR at x2.5: 60x40 queries
        for (String l : new String[] {"step 0 ", "step 9 ", "final layer", "T=1 samples", "round trip", "verdict: "}) {
            assertTrue(out.contains(l), "missing '" + l + "' in\n" + out);
        }
        assertOneLineError(linf("check-flow", "--weights", WEIGHTS, "--scale", "0.5"), 2, "--scale must be in [1, 30]");
    }

    /** A w x h image of the given type with a gradient (and a vertical alpha ramp when it has alpha). */
    private Path image(String name, int type, int w, int h) throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, type);
        java.awt.image.WritableRaster r = img.getRaster();
        int max = (1 << img.getColorModel().getComponentSize(0)) - 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < r.getNumBands(); b++) {
                    boolean alphaBand = img.getColorModel().hasAlpha() && b == r.getNumBands() - 1;
                    double v = alphaBand ? y / (double) (h - 1) : ((x * 7 + y * 3 + b * 11) % 23) / 22.0;
                    r.setSample(x, y, b, (int) Math.round(v * max));
                }
            }
        }
        Path f = dir.resolve(name);
        javax.imageio.ImageIO.write(img, name.endsWith(".jpg") ? "jpeg" : "png", f.toFile());
        return f;
    }

    private static java.awt.image.BufferedImage load(Path f) throws IOException {
        return javax.imageio.ImageIO.read(f.toFile());
    }

    @Test
    void alphaIsUpscaledSeparatelyAndNeverWrittenIntoJpeg() throws IOException {
        Path in = image("rgba.png", java.awt.image.BufferedImage.TYPE_4BYTE_ABGR, 12, 9);
        assertEquals(0, linf("upscale", in, "-o", dir.resolve("a.png"), "--weights", WEIGHTS, "--scale", "2"), err);
        java.awt.image.BufferedImage a = load(dir.resolve("a.png"));
        assertTrue(a.getColorModel().hasAlpha());
        assertEquals(24, a.getWidth());
        int top = a.getRaster().getSample(5, 0, 3);
        int bottom = a.getRaster().getSample(5, 17, 3);
        assertTrue(top < 20 && bottom > 235, "alpha ramp kept: " + top + " .. " + bottom);
        assertEquals(0, linf("upscale", in, "-o", dir.resolve("d.png"), "--weights", WEIGHTS, "--scale", "2",
                "--alpha", "drop"), err);
        assertTrue(!load(dir.resolve("d.png")).getColorModel().hasAlpha());
        assertEquals(0, linf("upscale", in, "-o", dir.resolve("j.jpg"), "--weights", WEIGHTS, "--scale", "2"), err);
        assertTrue(!load(dir.resolve("j.jpg")).getColorModel().hasAlpha());
        assertEquals(0, linf("upscale", in, "-o", dir.resolve("m.png"), "--weights", WEIGHTS, "--scale", "2",
                "--alpha", "model"), err);
        assertTrue(load(dir.resolve("m.png")).getColorModel().hasAlpha());
    }

    @Test
    void sixteenBitAndGrayInputsKeepTheirFormat() throws IOException {
        Path deep = image("deep.png", java.awt.image.BufferedImage.TYPE_USHORT_GRAY, 12, 9);
        assertEquals(0, linf("upscale", deep, "-o", dir.resolve("deep-up.png"), "--weights", WEIGHTS, "--scale", "2"), err);
        java.awt.image.BufferedImage d = load(dir.resolve("deep-up.png"));
        assertEquals(16, d.getColorModel().getComponentSize(0));
        assertEquals(1, d.getRaster().getNumBands(), "gray stays gray");
        boolean fine = false; // 16-bit values that are not 8-bit levels show the depth was kept
        for (int x = 0; x < 24 && !fine; x++) {
            fine = d.getRaster().getSample(x, 5, 0) % 257 != 0;
        }
        assertTrue(fine, "16-bit output holds only 8-bit levels");
        Path gray = image("gray.png", java.awt.image.BufferedImage.TYPE_BYTE_GRAY, 12, 9);
        assertEquals(0, linf("upscale", gray, "-o", dir.resolve("gray-up.jpg"), "--weights", WEIGHTS, "--scale", "2"), err);
        assertEquals(1, load(dir.resolve("gray-up.jpg")).getRaster().getNumBands());
    }

    @Test
    void jpegExifOrientationIsApplied() throws IOException {
        Path plain = image("plain.jpg", java.awt.image.BufferedImage.TYPE_3BYTE_BGR, 24, 16);
        byte[] jpeg = Files.readAllBytes(plain);
        // APP1 "Exif" with a big-endian TIFF header and one IFD0 entry: orientation (0x0112) = 6.
        byte[] app1 = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1,
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
        byte[] rotated = new byte[jpeg.length + app1.length];
        System.arraycopy(jpeg, 0, rotated, 0, 2);
        System.arraycopy(app1, 0, rotated, 2, app1.length);
        System.arraycopy(jpeg, 2, rotated, 2 + app1.length, jpeg.length - 2);
        Path in = Files.write(dir.resolve("rotated.jpg"), rotated);
        assertEquals(0, linf("upscale", in, "-o", dir.resolve("r.png"), "--weights", WEIGHTS, "--scale", "2"), err);
        java.awt.image.BufferedImage r = load(dir.resolve("r.png"));
        assertEquals(32, r.getWidth(), "stored 24x16, shown 16x24 (rotated 90 degrees)");
        assertEquals(48, r.getHeight());
    }

    /**
     * The golden safetensors with every flow matrix replaced by the official raw initialisation,
     * U(-1/sqrt(8), 1/sqrt(8)) per entry (spec section 5): a flow whose inverse amplifies ~1e12.
     */
    private Path rawInitFlowCheckpoint() throws IOException {
        byte[] b = Files.readAllBytes(GOLDEN.resolve("edsr-baseline/model.safetensors"));
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buf.getLong(0);
        String header = new String(b, 8, headerLength, java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\"imnet\\.(?:linears\\.\\d+|last)\\._weight\":\\{[^}]*\"data_offsets\":\\[(\\d+),(\\d+)\\]")
                .matcher(header);
        java.util.Random r = new java.util.Random(8);
        int patched = 0;
        while (m.find()) {
            for (int at = Integer.parseInt(m.group(1)); at < Integer.parseInt(m.group(2)); at += 4) {
                buf.putFloat(8 + headerLength + at, (float) ((r.nextDouble() * 2 - 1) / Math.sqrt(8)));
            }
            patched++;
        }
        assertEquals(11, patched, "flow matrices found in the header");
        return Files.write(dir.resolve("raw-init.safetensors"), b);
    }

    @Test
    void checkFlowCallsTheRawOfficialInitialisationUnusable() throws IOException {
        assertEquals(6, linf("check-flow", "--weights", rawInitFlowCheckpoint()), err);
        assertTrue(out.contains("verdict: unusable"), out);
        assertTrue(out.contains("outside the image range") && out.contains("amplifying layers: step "), out);
    }

    @Test
    void aPngsIccProfileIsKeptInTheOutput() throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(12, 8,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 4, 0x336699);
        byte[] linear = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB).getData();
        Path in = dir.resolve("profiled.png");
        Images.write(in, img, 0.92f, linear);
        Path o = dir.resolve("profiled-x2.png");
        assertEquals(0, linf("upscale", in, "-o", o, "--weights", WEIGHTS, "--scale", "2"), err);
        assertArrayEquals(linear, dev.linf.image.Picture.read(o).iccProfile());
    }
}
