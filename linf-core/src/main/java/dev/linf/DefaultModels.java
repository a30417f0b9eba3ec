package dev.linf;

import dev.linf.errors.LinfException;
import dev.linf.model.LinfModel;
import dev.linf.spi.DefaultModelProvider;
import java.util.ServiceLoader;

/**
 * Finds the bundled default model through {@link DefaultModelProvider} (linf-weights) once, and
 * says how to fix its absence on every call instead of failing class initialisation.
 */
final class DefaultModels {
    private static volatile LinfModel model;

    private DefaultModels() {
    }

    static LinfModel get() {
        LinfModel m = model;
        if (m != null) {
            return m;
        }
        synchronized (DefaultModels.class) {
            if (model == null) {
                for (DefaultModelProvider p : ServiceLoader.load(DefaultModelProvider.class,
                        DefaultModels.class.getClassLoader())) {
                    var found = p.defaultModel();
                    if (found.isPresent()) {
                        model = found.get();
                        break;
                    }
                }
            }
            if (model == null) {
                throw new LinfException(null, "no default model is bundled in this build (add the dev.linf:linf-weights"
                        + " dependency, or load weights with Checkpoints.load and pass them to Upscaler.builder().model)");
            }
            return model;
        }
    }
}
