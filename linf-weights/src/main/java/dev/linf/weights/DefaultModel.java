package dev.linf.weights;

import dev.linf.model.LinfModel;
import dev.linf.spi.DefaultModelProvider;
import dev.linf.weights.arch.ModelAssembler;
import dev.linf.weights.safetensors.SafetensorsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The model bundled as a class-path resource ({@code dev/linf/weights/default/}), checked against
 * the SHA-256 recorded here before it is parsed, and loaded once per class loader.
 */
public final class DefaultModel implements DefaultModelProvider {
    /** For {@link java.util.ServiceLoader}. */
    public DefaultModel() {
    }

    /** Resource of the bundled weights (safetensors). */
    public static final String RESOURCE = "/dev/linf/weights/default/linf-default.safetensors";
    /** SHA-256 of the bundled file; updated whenever the weights are replaced. */
    static final String SHA256 = "624c6eafdab8207d068676eb13a9f5df570eee4c2344cda425ff4cac891dafe1";

    private static final class Holder {
        static final Optional<LinfModel> MODEL = Optional.ofNullable(load(RESOURCE, SHA256));
    }

    @Override
    public Optional<LinfModel> defaultModel() {
        return Holder.MODEL;
    }

    /**
     * The bundled model, or empty when this build bundles none.
     *
     * @return the model, or empty
     */
    public static Optional<LinfModel> get() {
        return Holder.MODEL;
    }

    /**
     * Loads a bundled safetensors resource after checking its SHA-256; null when it is absent.
     *
     * @throws CheckpointException when it is present but corrupt or does not match {@code sha256}
     */
    static LinfModel load(String resource, String sha256) {
        Path name = Path.of("classpath:" + resource);
        byte[] bytes;
        try (InputStream in = DefaultModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new CheckpointException(name, "cannot be read (" + e.getMessage() + ")", e);
        }
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new CheckpointException(name, "SHA-256 " + actual + " does not match the expected " + sha256
                    + " (the bundled weights are damaged)");
        }
        return ModelAssembler.assemble(SafetensorsReader.read(bytes, name));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
