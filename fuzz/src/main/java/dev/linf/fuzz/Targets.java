package dev.linf.fuzz;

import dev.linf.errors.InvalidInputException;
import dev.linf.image.Picture;
import dev.linf.io.Npy;
import dev.linf.tensor.Tensor;
import dev.linf.weights.CheckpointException;
import dev.linf.weights.Checkpoints;
import dev.linf.weights.StateDict;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** The six readers under fuzzing and their seeds. */
final class Targets {
    private Targets() {
    }

    /** All targets; the weights ones take their seeds from {@code golden} (testdata/golden). */
    static List<Target> all(Path golden) {
        return NAMES.stream().map(n -> byName(n, golden)).toList();
    }

    /** The targets' names. */
    static final List<String> NAMES = List.of("pth", "safetensors", "png", "jpeg", "bmp", "npy");

    static Target byName(String name, Path golden) {
        return switch (name) {
            case "pth" -> new Pth(golden);
            case "safetensors" -> new Safetensors(golden);
            case "png", "jpeg", "bmp" -> image(name);
            case "npy" -> new NpyArrays();
            default -> throw new IllegalArgumentException("no target " + name + "; the targets are " + NAMES);
        };
    }

    /** The golden checkpoints of the four official architectures (small ones first). */
    private static List<Path> goldenCheckpoints(Path golden) {
        return List.of("rdn-small", "swinir-small", "rrdb-patch3-small", "edsr-baseline").stream()
                .map(m -> golden.resolve(m).resolve("checkpoint.pth")).toList();
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A checkpoint reader: read as {@code Checkpoints.load}, refused with a {@link CheckpointException}. */
    private abstract static class WeightsTarget implements Target {
        private final String name;
        final List<byte[]> seeds;

        WeightsTarget(String name, List<byte[]> seeds) {
            this.name = name;
            this.seeds = seeds;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String extension() {
            return name;
        }

        @Override
        public List<byte[]> seeds() {
            return seeds;
        }

        @Override
        public void read(Path file) {
            Checkpoints.load(file);
        }

        @Override
        public List<Class<? extends Throwable>> documented() {
            return List.of(CheckpointException.class);
        }
    }

    /** PyTorch zip checkpoints: mutations mostly inside data.pkl or a storage, then re-zipped. */
    private static final class Pth extends WeightsTarget {
        private final List<Map<String, byte[]>> entries = new ArrayList<>();

        Pth(Path golden) {
            super("pth", goldenCheckpoints(golden).stream().map(Targets::read).toList());
            for (Path f : goldenCheckpoints(golden)) {
                entries.add(unzip(f));
            }
        }

        @Override
        public byte[] mutate(byte[] seed, Mutator mutator, Random random) {
            int which = random.nextInt(20);
            if (which < 3) {
                return mutator.mutate(seed, seeds); // the raw archive
            }
            Map<String, byte[]> e = new LinkedHashMap<>(entries.get(seeds.indexOf(seed)));
            List<String> names = new ArrayList<>(e.keySet());
            String pkl = names.stream().filter(n -> n.endsWith("/data.pkl")).findFirst().orElseThrow();
            if (which < 15) {
                List<byte[]> pickles = entries.stream().map(m -> m.values().iterator().next()).toList();
                e.put(pkl, mutator.mutate(e.get(pkl), pickles));
            } else if (which < 18) {
                String storage = names.get(random.nextInt(names.size()));
                e.put(storage, mutator.mutate(e.get(storage), List.of(e.get(storage))));
            } else {
                e.remove(names.get(random.nextInt(names.size())));
            }
            return zip(e);
        }
    }

    /** The members of a zip archive by name (torch.save's stored entries with data descriptors). */
    static Map<String, byte[]> unzip(Path archive) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (var in = zip.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // data.pkl first, so mutations of "the first entry" of any seed are of its pickle.
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        out.forEach((k, v) -> {
            if (k.endsWith("/data.pkl")) {
                ordered.put(k, v);
            }
        });
        ordered.putAll(out);
        return ordered;
    }

    /** A zip of stored (uncompressed) entries, as torch.save writes. */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> en : entries.entrySet()) {
                ZipEntry e = new ZipEntry(en.getKey());
                e.setMethod(ZipEntry.STORED);
                e.setSize(en.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(en.getValue());
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(en.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Safetensors: mutations mostly in the JSON header, its length fixed up half the time. */
    private static final class Safetensors extends WeightsTarget {
        Safetensors(Path golden) {
            super("safetensors", goldenCheckpoints(golden).stream().limit(3)
                    .map(p -> safetensors(Checkpoints.read(p))).toList());
        }

        @Override
        public byte[] mutate(byte[] seed, Mutator mutator, Random random) {
            if (random.nextInt(4) == 0) {
                return mutator.mutate(seed, seeds);
            }
            int headerLen = (int) ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            byte[] header = java.util.Arrays.copyOfRange(seed, 8, 8 + headerLen);
            byte[] mutated = mutator.mutate(header, List.of(header));
            long len = random.nextBoolean() ? mutated.length : headerLen;
            ByteBuffer out = ByteBuffer.allocate(8 + mutated.length + seed.length - 8 - headerLen)
                    .order(ByteOrder.LITTLE_ENDIAN);
            out.putLong(len).put(mutated).put(seed, 8 + headerLen, seed.length - 8 - headerLen);
            return out.array();
        }
    }

    /** A state dict as safetensors bytes (float32, file order), with the spec's name as metadata. */
    static byte[] safetensors(StateDict sd) {
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"");
        if (sd.spec().name() != null) {
            h.append(",\"name\":\"").append(sd.spec().name()).append('"');
        }
        h.append('}');
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sd.tensors().entrySet()) {
            long end = offset + 4L * e.getValue().numel();
            h.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue().shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        h.append('}');
        while (h.length() % 8 != 0) {
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate((int) (8 + header.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        for (Tensor t : sd.tensors().values()) {
            for (float v : t.data()) {
                out.putFloat(v);
            }
        }
        return out.array();
    }

    private static final List<Class<? extends Throwable>> INPUT_ERRORS = List.of(InvalidInputException.class);

    /** PNG, JPEG or BMP through {@link Picture#read(Path)}; PNG chunk checksums fixed half the time. */
    private static Target image(String format) {
        List<byte[]> seeds = imageSeeds(format);
        return new Target() {
            @Override
            public String name() {
                return format;
            }

            @Override
            public String extension() {
                return format.equals("jpeg") ? "jpg" : format;
            }

            @Override
            public List<byte[]> seeds() {
                return seeds;
            }

            @Override
            public byte[] mutate(byte[] seed, Mutator mutator, Random random) {
                byte[] m = mutator.mutate(seed, seeds);
                return format.equals("png") && random.nextBoolean() ? PngChunks.fixChecksums(m) : m;
            }

            @Override
            public void read(Path file) {
                Picture p = Picture.read(file);
                p.rgb();
            }

            @Override
            public List<Class<? extends Throwable>> documented() {
                return INPUT_ERRORS;
            }
        };
    }

    /** Small images of every kind the format holds: RGB, gray, alpha, palette, 16-bit. */
    private static List<byte[]> imageSeeds(String format) {
        Random r = new Random(7);
        List<BufferedImage> images = new ArrayList<>();
        images.add(noise(new BufferedImage(13, 9, BufferedImage.TYPE_INT_RGB), r));
        images.add(noise(new BufferedImage(7, 11, BufferedImage.TYPE_BYTE_GRAY), r));
        if (format.equals("png")) {
            images.add(noise(new BufferedImage(9, 5, BufferedImage.TYPE_INT_ARGB), r));
            images.add(noise(new BufferedImage(6, 6, BufferedImage.TYPE_BYTE_INDEXED), r));
            images.add(noise(new BufferedImage(5, 8, BufferedImage.TYPE_USHORT_GRAY), r));
        }
        if (format.equals("bmp")) {
            images.add(noise(new BufferedImage(6, 6, BufferedImage.TYPE_BYTE_INDEXED), r));
        }
        List<byte[]> out = new ArrayList<>();
        for (BufferedImage img : images) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                if (!ImageIO.write(img, format, b)) {
                    continue;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.add(b.toByteArray());
        }
        return out;
    }

    private static BufferedImage noise(BufferedImage img, Random r) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return img;
    }

    /** .npy arrays through {@link Npy#read}. */
    private static final class NpyArrays implements Target {
        private final List<byte[]> seeds = new ArrayList<>();

        NpyArrays() {
            Random r = new Random(11);
            for (int[] shape : new int[][] {{3, 4, 5}, {3, 1, 1}, {2}, {}}) {
                float[] data = new float[(int) Tensor.numel(shape)];
                for (int i = 0; i < data.length; i++) {
                    data[i] = r.nextFloat();
                }
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                try {
                    Npy.write(b, Tensor.of(data, shape));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                seeds.add(b.toByteArray());
            }
        }

        @Override
        public String name() {
            return "npy";
        }

        @Override
        public String extension() {
            return "npy";
        }

        @Override
        public List<byte[]> seeds() {
            return seeds;
        }

        @Override
        public void read(Path file) throws IOException {
            Npy.read(file);
        }

        @Override
        public List<Class<? extends Throwable>> documented() {
            // The CLI reports both as an unusable input (exit 3).
            return List.of(InvalidInputException.class, IOException.class);
        }
    }
}
