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
        if (specName != null && !specName.equals("linf") && !specName.equals("linf-patch")) {
            throw t.fail("model name '" + specName + "' is not a LINF model");
        }
        try {
            Encoder encoder = encoder(t, sd.spec().encoderName());
            FourierEnsemble ensemble = ensemble(t, encoder.outChannels());
            ImplicitMlp mlp = mlp(t, ensemble.featureLength());
            ConditionalFlow flow = flow(t);
            if (specName != null && (flow.dim() == 3) != specName.equals("linf")) {
                throw t.fail("the spec names a '" + specName + "' model but the flow is " + flow.dim() + "-dimensional");
            }
            t.requireAllUsed();
            return new LinfModel(encoder, ensemble, mlp, flow);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException
                | NegativeArraySizeException | IllegalStateException e) {
            // A stage's own checks (or one we lack) refusing these weights: the file is at fault.
            throw new CheckpointException(sd.file(), "the weights do not form a consistent LINF model ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    private static Encoder encoder(TensorSet t, String specEncoder) {
        String found;
        if (EdsrBaselineLayout.matches(t)) {
            found = "edsr-baseline";
        } else if (RdnLayout.matches(t)) {
            found = "rdn";
        } else if (RrdbLayout.matches(t)) {
            found = "rrdb";
        } else if (SwinIrLayout.matches(t)) {
            found = "swinir";
        } else {
            throw t.fail("no supported encoder found (expected the tensors of EDSR-baseline, RDN, RRDB or SwinIR,"
                    + " e.g. encoder.head.0.weight)");
        }
        if (specEncoder != null && !specEncoder.equals(found)
                && !(specEncoder.equals("edsr") && found.equals("edsr-baseline"))) {
            throw t.fail("the spec names encoder '" + specEncoder + "' but the tensors are " + found + "'s");
        }
        return switch (found) {
            case "rdn" -> RdnLayout.build(t);
            case "rrdb" -> RrdbLayout.build(t);
            case "swinir" -> SwinIrLayout.build(t);
            default -> EdsrBaselineLayout.build(t);
        };
    }

    private static FourierEnsemble ensemble(TensorSet t, int featureChannels) {
        int hidden = t.size("coef.weight", 0, 4);
        return new FourierEnsemble(t.conv("coef", hidden, featureChannels, 3),
                t.conv("freq", hidden, featureChannels, 3), t.take("phase.weight", hidden / 2, 2).data());
    }

    private static ImplicitMlp mlp(TensorSet t, int featureLength) {
        List<DenseLayer> layers = new ArrayList<>();
        int in = featureLength;
        for (int i = 0; t.has("layers." + i + ".weight"); i += 2) { // ReLUs sit at the odd indices
            int out = t.size("layers." + i + ".weight", 0, 4);
            layers.add(t.dense("layers." + i, out, in));
            in = out;
        }
        if (layers.isEmpty()) {
            throw t.fail("tensor layers.0.weight is missing");
        }
        return new ImplicitMlp(layers);
    }

    private static ConditionalFlow flow(TensorSet t) {
        int d = t.size("imnet.last.bias", 0, 1);
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
