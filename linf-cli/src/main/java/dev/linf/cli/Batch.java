package dev.linf.cli;

import dev.linf.image.Images;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The inputs and output names of a batch upscale: folders and globs expanded, outputs derived. */
final class Batch {
    private Batch() {
    }

    /**
     * Files named by the arguments, in order: a file as is (even if missing, so it is reported),
     * a folder's images and arrays (sorted, not recursive), a glob in the last name segment
     * (e.g. {@code photos/*.jpg}, for shells that pass it through) its matches, sorted.
     */
    static List<Path> expand(List<String> args) {
        List<Path> out = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            String last = p.getFileName() == null ? "" : p.getFileName().toString();
            if (Files.isDirectory(p)) {
                out.addAll(list(p, q -> isInput(q)));
            } else if (!Files.exists(p) && (last.contains("*") || last.contains("?"))) {
                Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + last);
                List<Path> matches = Files.isDirectory(dir) ? list(dir, q -> m.matches(q.getFileName())) : List.of();
                if (matches.isEmpty()) {
                    throw new CliFailure(ExitCodes.INPUT, p, "matches no files");
                }
                out.addAll(matches);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.INPUT, dir, "cannot be listed (" + e.getMessage() + ")");
        }
    }

    private static boolean isInput(Path p) {
        return Images.formatOf(p) != null || Inputs.isNpy(p);
    }

    /** Whether an output argument names a folder (existing, or ending with a separator) or a pattern. */
    static boolean isFolderOrPattern(String output) {
        return output.contains("{name}") || output.endsWith("/") || output.endsWith(java.io.File.separator)
                || Files.isDirectory(Path.of(output));
    }

    /** The output of {@code input}: {@code {name}} replaced by its name without extension, or folder/name.ext. */
    static Path outputFor(Path input, String output, String format) {
        String file = input.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        if (output.contains("{name}")) {
            return Path.of(output.replace("{name}", stem));
        }
        String ext = format != null ? format.toLowerCase(Locale.ROOT) : dot > 0 ? file.substring(dot + 1) : "png";
        if (!List.of("png", "jpg", "jpeg", "bmp", "npy").contains(ext.toLowerCase(Locale.ROOT))) {
            throw new CliFailure(ExitCodes.USAGE, null, "--format must be png, jpg, bmp or npy, got '" + ext + "'");
        }
        return Path.of(output).resolve(stem + "." + ext);
    }

    /** Creates the output folder (for a pattern: the pattern's folder) when it is missing. */
    static void prepareFolder(String output) {
        Path dir = output.contains("{name}") ? Path.of(output).toAbsolutePath().getParent() : Path.of(output);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.OUTPUT, dir, "cannot be created (" + e.getMessage() + ")");
        }
    }
}
