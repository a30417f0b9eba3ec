package dev.linf.spi;

import dev.linf.model.LinfModel;
import java.util.Optional;

/**
 * Supplies the library's bundled default model. linf-weights provides it (through
 * {@link java.util.ServiceLoader}), so linf-core's one-line API works without naming weights.
 */
public interface DefaultModelProvider {

    /**
     * The bundled model, verified and loaded once, or empty when this build bundles none.
     *
     * @return the model, or empty
     */
    Optional<LinfModel> defaultModel();
}
