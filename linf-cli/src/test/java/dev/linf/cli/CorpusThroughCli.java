package dev.linf.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs {@code linf upscale} on every file of the fuzzing corpus, in one JVM (started by
 * {@link HostileFilesCliTest} with a small heap): weights files as {@code --weights} of a valid
 * image, images and arrays as the input. Prints one line per file: reader, file, exit code, lines
 * printed to stderr, milliseconds, and the first stderr line.
 */
final class CorpusThroughCli {
    private CorpusThroughCli() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        Path image = Path.of(args[1]);
        Path out = Path.of(args[2]);
        for (String reader : List.of("pth", "safetensors", "png", "jpeg", "bmp", "npy")) {
            try (Stream<Path> files = Files.list(corpus.resolve(reader))) {
                for (Path f : files.sorted().toList()) {
                    boolean weights = reader.equals("pth") || reader.equals("safetensors");
                    String[] a = weights
                            ? new String[] {"upscale", image.toString(), "-o", out.toString(), "--weights", f.toString(),
                                "--quiet", "--overwrite", "--scale", "2"}
                            : new String[] {"upscale", f.toString(), "-o", out.toString(), "--quiet", "--overwrite",
                                "--scale", "1.5"};
                    StringWriter err = new StringWriter();
                    long t0 = System.nanoTime();
                    int code = LinfCli.run(a, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    String[] lines = err.toString().strip().split("\n");
                    System.out.println(reader + "\t" + f.getFileName() + "\t" + code + "\t"
                            + (err.toString().isBlank() ? 0 : lines.length) + "\t" + ms + "\t" + lines[0]);
                }
            }
        }
    }
}
