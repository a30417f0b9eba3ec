/**
 * LINF (Local Implicit Normalizing Flow) super-resolution: the public API ({@link dev.linf.Linf},
 * {@link dev.linf.Upscaler}, {@link dev.linf.Target}, {@link dev.linf.image.Picture}), the model
 * and its stages, how a model runs ({@link dev.linf.runner.ModelRunner}), and the scalar
 * reference kernels. linf-cpu plugs in faster kernels and linf-weights the checkpoint readers and
 * the bundled default model, both through the {@code dev.linf.spi} services.
 */
module dev.linf.core {
    requires transitive java.desktop;
    requires ejml.core;
    requires ejml.ddense;

    // The one-line and configured tiers.
    exports dev.linf;
    exports dev.linf.errors;
    exports dev.linf.image;
    // The research tier: the model, its stages, how it runs, the flow check.
    exports dev.linf.model;
    exports dev.linf.runner;
    exports dev.linf.encoder;
    exports dev.linf.encoder.swin;
    exports dev.linf.fourier;
    exports dev.linf.mlp;
    exports dev.linf.flow;
    exports dev.linf.check;
    exports dev.linf.kernels;
    exports dev.linf.tensor;
    exports dev.linf.spi;
    exports dev.linf.io;
    // The benchmark protocol of the command line tool's eval, not supported API.
    exports dev.linf.eval to dev.linf.cli;

    uses dev.linf.spi.KernelsProvider;
    uses dev.linf.spi.DefaultModelProvider;
}
