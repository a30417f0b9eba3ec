package dev.linf.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.flow.ConditionalFlow;
import dev.linf.model.LinfModel;
import dev.linf.model.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowCheckTest {
    private static final LinfModel NEAR_IDENTITY = TestModels.random(1, 8, 16, 3);

    /** The official initialisation: every entry U(-1/sqrt(8), 1/sqrt(8)), biases zero (spec section 5). */
    private static LinfModel withRawOfficialInit(LinfModel m, long seed) {
        Random r = new Random(seed);
        double bound = 1 / Math.sqrt(8);
        List<ConditionalFlow.Linear> layers = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            float[] w = new float[9];
            for (int j = 0; j < 9; j++) {
                w[j] = (float) ((r.nextDouble() * 2 - 1) * bound);
            }
            layers.add(new ConditionalFlow.Linear(w, new float[3]));
        }
        return new LinfModel(m.encoder(), m.ensemble(), m.mlp(),
                new ConditionalFlow(layers.subList(0, 10), layers.get(10)));
    }

    @Test
    void aWellConditionedFlowIsUsable() {
        FlowCheck.Report r = FlowCheck.check(NEAR_IDENTITY, FlowCheck.testImage(), 2, 0);
        assertNotEquals(FlowCheck.Verdict.UNUSABLE, r.verdict(), r.problems().toString());
        assertEquals(11, r.layers().size());
        assertEquals(96 * 96, r.queries());
        assertTrue(r.worstRoundTripDouble() < 1e-12, "double round trip " + r.worstRoundTripDouble());
        assertTrue(r.worstRoundTripFloat() < 1e-4, "float round trip " + r.worstRoundTripFloat());
        for (FlowCheck.Layer l : r.layers()) {
            assertTrue(l.condition() >= 1 && l.condition() < 2, l.toString());
            assertEquals(l.maxSingular() / l.minSingular(), l.condition(), 1e-12);
        }
        assertTrue(Double.isFinite(r.t0Min()) && Double.isFinite(r.t1Max()), r.t0Min() + " .. " + r.t1Max());
    }

    @Test
    void theRawOfficialInitialisationIsUnusableAndItsAmplifyingStepsAreNamed() {
        FlowCheck.Report r = FlowCheck.check(withRawOfficialInit(NEAR_IDENTITY, 8), FlowCheck.testImage(), 2, 0);
        assertEquals(FlowCheck.Verdict.UNUSABLE, r.verdict());
        assertTrue(r.log10InverseGain() > 6, "total inverse gain 1e" + r.log10InverseGain());
        assertTrue(Math.max(Math.abs(r.t1Min()), Math.abs(r.t1Max())) > FlowCheck.UNUSABLE_RANGE,
                r.t1Min() + " .. " + r.t1Max());
        String problems = String.join("; ", r.problems());
        assertTrue(problems.contains("outside the image range") && problems.contains("step "), problems);
    }

    @Test
    void singularValuesAndLogDetsAgree() {
        ConditionalFlow f = withRawOfficialInit(NEAR_IDENTITY, 9).flow();
        for (int i = 0; i <= f.steps(); i++) {
            double[] sv = f.singularValues(i);
            double logProduct = 0;
            for (double v : sv) {
                logProduct += Math.log(v);
            }
            assertEquals(f.logAbsDet(i), logProduct, 1e-9, "layer " + i);
            assertTrue(sv[0] >= sv[1] && sv[1] >= sv[2]);
        }
    }
}
