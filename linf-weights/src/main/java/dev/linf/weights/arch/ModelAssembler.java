package dev.linf.weights.arch;

import dev.linf.encoder.Encoder;
import dev.linf.flow.ConditionalFlow;
import dev.linf.fourier.FourierEnsemble;
import dev.linf.kernels.DenseLayer;
import dev.linf.mlp.ImplicitMlp;
import dev.linf.model.LinfModel;
import dev.linf.weights.CheckpointException;
import dev.linf.weights.StateDict;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link LinfModel} from a state dict, inferring the architecture from tensor names and
 * shapes (spec section 16): the encoder from its characteristic tensors, widths from shapes, the
 * number of MLP layers and flow steps from the indices present. The stored spec is only a
 * cross-check. Every tensor must be used or be one the official code ignores.
 */
public final class ModelAssembler {
    private ModelAssembler() {
    }

    public static LinfModel assemble(StateDict sd) {
        TensorSet t = new TensorSet(sd);
        String specName = sd.spec().name();
        if ("linf-patch".equals(specName) || t.has("imnet.last.bias") && t.shape("imnet.last.bias")[0] != 3) {
            throw t.fail("LINF-patch models (3x3 patches, 27-dimensional flow) are not supported yet");
        }
        if (specName != null && !specName.equals("linf")) {
            throw t.fail("model name '" + specName + "' is not a LINF model");
        }
        Encoder encoder = encoder(t, sd.spec().encoderName());
        try {
            FourierEnsemble ensemble = ensemble(t, encoder.outChannels());
            ImplicitMlp mlp = mlp(t, ensemble.featureLength());
            ConditionalFlow flow = flow(t);
            t.requireAllUsed();
            return new LinfModel(encoder, ensemble, mlp, flow);
        } catch (IllegalArgumentException e) {
            throw t.fail(e.getMessage());
        }
    }

    private static Encoder encoder(TensorSet t, String specEncoder) {
        String found;
        if (EdsrBaselineLayout.matches(t)) {
            found = "edsr-baseline";
        } else if (t.has("encoder.SFENet1.weight")) {
            found = "rdn";
        } else if (t.has("encoder.conv_first.weight") && t.has("encoder.RRDB_trunk.0.RDB1.conv1.weight")) {
            found = "rrdb";
        } else if (t.has("encoder.conv_first.weight") && t.has("encoder.patch_embed.norm.weight")) {
            found = "swinir";
        } else {
            throw t.fail("no supported encoder found (expected e.g. encoder.head.0.weight of EDSR-baseline)");
        }
        if (specEncoder != null && !specEncoder.equals(found)
                && !(specEncoder.equals("edsr") && found.equals("edsr-baseline"))) {
            throw t.fail("the spec names encoder '" + specEncoder + "' but the tensors are " + found + "'s");
        }
        if (!found.equals("edsr-baseline")) {
            throw t.fail("the " + found + " encoder is not supported yet (only edsr-baseline)");
        }
        return EdsrBaselineLayout.build(t);
    }

    private static FourierEnsemble ensemble(TensorSet t, int featureChannels) {
        int hidden = t.shape("coef.weight")[0];
        return new FourierEnsemble(t.conv("coef", hidden, featureChannels, 3),
                t.conv("freq", hidden, featureChannels, 3), t.take("phase.weight", hidden / 2, 2).data());
    }

    private static ImplicitMlp mlp(TensorSet t, int featureLength) {
        List<DenseLayer> layers = new ArrayList<>();
        int in = featureLength;
        for (int i = 0; t.has("layers." + i + ".weight"); i += 2) { // ReLUs sit at the odd indices
            int out = t.shape("layers." + i + ".weight")[0];
            layers.add(t.dense("layers." + i, out, in));
            in = out;
        }
        if (layers.isEmpty()) {
            throw t.fail("tensor layers.0.weight is missing");
        }
        return new ImplicitMlp(layers);
    }

    private static ConditionalFlow flow(TensorSet t) {
        int d = t.shape("imnet.last.bias")[0];
        List<ConditionalFlow.Linear> steps = new ArrayList<>();
        while (t.has("imnet.linears." + steps.size() + ".bias")) {
            steps.add(linear(t, "imnet.linears." + steps.size(), d));
        }
        return new ConditionalFlow(steps, linear(t, "imnet.last", d));
    }

    private static ConditionalFlow.Linear linear(TensorSet t, String prefix, int d) {
        return new ConditionalFlow.Linear(t.take(prefix + "._weight", d, d).data(), t.take(prefix + ".bias", d).data());
    }
}
