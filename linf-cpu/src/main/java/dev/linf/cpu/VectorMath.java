package dev.linf.cpu;

import dev.linf.flow.ConditionalFlow;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * sin and cos together, a vector at a time: Cody-Waite reduction by pi/4 in three float parts and
 * the Cephes single-precision minimax polynomials, with the quadrant handled by integer masks
 * (the scheme of sse_mathfun's sincos_ps). Max error about 1e-7 for |x| up to 1e4.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    
    private static final float FOPI = 1.27323954473516f; // 4 / pi
    private static final float DP1 = -0.78515625f;
    private static final float DP2 = -2.4187564849853515625e-4f;
    private static final float DP3 = -3.77489497744594108e-8f;
    private static final int SIGN = 0x80000000;
    /** {@code np.pi} as PyTorch applies it to a float32 tensor. */
    private static final float PI = (float) Math.PI;

    private VectorMath() {
    }

    static void cosSin(float[] arg, int argOff, int n, float[] cos, int cosOff, float[] sin, int sinOff) {
        int full = n - n % S.length();
        cosSinVectors(arg, argOff, full, cos, cosOff, sin, sinOff, null, 0, 0, 1f);
        cosSinTail(arg, argOff, full, n, cos, cosOff, sin, sinOff);
    }

    /** The elements past the last full vector: the same arithmetic would need masks; the JDK's is as accurate. */
    private static void cosSinTail(float[] arg, int argOff, int from, int n, float[] cos, int cosOff, float[] sin,
            int sinOff) {
        for (int i = from; i < n; i++) {
            cos[cosOff + i] = (float) Math.cos(arg[argOff + i]);
            sin[sinOff + i] = (float) Math.sin(arg[argOff + i]);
        }
    }

    /** When {@link #fourierFeatures} leaves {@link #cosSinLanes} for its vector code. */
    private static final ColdStartSwitch FEATURES = new ColdStartSwitch();
    /** When {@link #flowScales} leaves {@link #flowScaleLanes} for its vector code. */
    private static final ColdStartSwitch SCALES = new ColdStartSwitch();
    /**
     * Empty calls of the flow scales' vector code per real call while cold, for C2's count: the
     * runner calls it once per block of queries (406 times for a 128x128 RRDB-patch3 image), and
     * with 8 the vector code was compiled only in a process's third image.
     */
    private static final int SCALES_COUNTED_CALLS = 32;

    /**
     * {@link dev.linf.kernels.Kernels#fourierFeatures} in one pass a vector at a time: the argument,
     * its cos/sin and the weighted coefficients meet in registers (same float32 operations as the
     * reference, so the same values up to the polynomial's rounding).
     */
    static void fourierFeatures(float[] freq, float[] coef, int src, int half, float relY, float relX, float weight,
            float[] work, float[] out, int dst) {
        int full = half - half % S.length();
        int vectorEnd = full;
        if (!FEATURES.compiled() && full > 0) {
            vectorEnd = FEATURES.timeThisCall() ? S.length() : 0; // else only counted (ColdStartSwitch)
            long t0 = System.nanoTime();
            cosSinVectors(work, 0, vectorEnd, out, dst, out, dst + half, coef, src, src + half, weight, freq, src,
                    src + half, relY, relX);
            if (vectorEnd > 0) {
                FEATURES.timed(t0);
            }
        } else {
            cosSinVectors(work, 0, full, out, dst, out, dst + half, coef, src, src + half, weight, freq, src,
                    src + half, relY, relX);
        }
        for (int c = vectorEnd; c < half; c++) {
            float f = freq[src + c] * relY + freq[src + half + c] * relX;
            f += work[c];
            work[half + c] = PI * f;
        }
        cosSinLanes(work, half + vectorEnd, full - vectorEnd, out, dst + vectorEnd, out, dst + half + vectorEnd, coef,
                src + vectorEnd, src + half + vectorEnd, weight);
        if (full < half) {
            cosSinTail(work, half, full, half, out, dst, out, dst + half);
            for (int j = full; j < half; j++) {
                out[dst + j] = (weight * coef[src + j]) * out[dst + j];
                out[dst + half + j] = (weight * coef[src + half + j]) * out[dst + half + j];
            }
        }
    }

    /**
     * {@link #cosSinVectors} one lane at a time, operation for operation ({@code Math.fma} where it
     * fuses), so every value has the same bits; for the calls before the vector code is compiled.
     */
    static void cosSinLanes(float[] arg, int argOff, int n, float[] cos, int co, float[] sin, int so, float[] coef,
            int cc, int cs, float weight) {
        for (int i = 0; i < n; i++) {
            float xv = arg[argOff + i];
            int signSin = Float.floatToRawIntBits(xv) & SIGN;
            float x = Math.abs(xv);
            int j = (int) (x * FOPI);
            j = (j + 1) & ~1;
            float y = j;
            boolean poly = (j & 2) == 0;
            signSin ^= (j & 4) << 29;
            int signCos = (~(j - 2) & 4) << 29;
            x = Math.fma(y, DP1, x);
            x = Math.fma(y, DP2, x);
            x = Math.fma(y, DP3, x);
            float z = x * x;
            float pc = Math.fma(z, 2.443315711809948E-005f, -1.388731625493765E-003f);
            pc = Math.fma(pc, z, 4.166664568298827E-002f);
            pc = ((pc * z) * z + z * -0.5f) + 1f;
            float ps = Math.fma(z, -1.9515295891E-4f, 8.3321608736E-3f);
            ps = Math.fma(ps, z, -1.6666654611E-1f);
            ps = Math.fma(ps * z, x, x);
            float s = Float.intBitsToFloat(Float.floatToRawIntBits(poly ? ps : pc) ^ signSin);
            float c = Float.intBitsToFloat(Float.floatToRawIntBits(poly ? pc : ps) ^ signCos);
            if (coef != null) {
                c = (coef[cc + i] * weight) * c;
                s = (coef[cs + i] * weight) * s;
            }
            sin[so + i] = s;
            cos[co + i] = c;
        }
    }

    /**
     * cos and sin of {@code n} arguments (a multiple of the lane count), a vector at a time; with
     * {@code coef} non-null each is multiplied by {@code weight * coef[..]} (from {@code cc} for
     * cos, {@code cs} for sin) before it is stored. The loop lives here, not in the callers: the
     * body is too big for C2 to inline, and a call per vector cost the range checks of every access.
     */
    static void cosSinVectors(float[] arg, int argOff, int n, float[] cos, int co, float[] sin, int so,
            float[] coef, int cc, int cs, float weight) {
        cosSinVectors(arg, argOff, n, cos, co, sin, so, coef, cc, cs, weight, null, 0, 0, 0f, 0f);
    }

    /**
     * {@link #cosSinVectors}, and with {@code freq} non-null the argument is
     * {@code pi ((freq[fy + i] relY + freq[fx + i] relX) + arg[argOff + i])}: the Fourier features',
     * formed in registers. One method, too big for C2 to inline, so the code {@link #FEATURES} counts
     * and times is the code that runs after the switch: a separate argument loop, inlined into the
     * compiled caller, ran in C1 after the caller's recompilation at the switch (0.1-0.2 s cold).
     */
    private static void cosSinVectors(float[] arg, int argOff, int n, float[] cos, int co, float[] sin, int so,
            float[] coef, int cc, int cs, float weight, float[] freq, int fy, int fx, float relY, float relX) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, arg, argOff + i);
            if (freq != null) {
                xv = FloatVector.fromArray(S, freq, fy + i).mul(relY).add(FloatVector.fromArray(S, freq, fx + i)
                        .mul(relX)).add(xv).mul(PI);
            }
            IntVector bits = xv.reinterpretAsInts();
            IntVector signSin = bits.and(SIGN);
            FloatVector x = xv.abs();
            IntVector j = x.mul(FOPI).convert(VectorOperators.F2I, 0).reinterpretAsInts();
            j = j.add(1).and(~1);
            FloatVector y = j.convert(VectorOperators.I2F, 0).reinterpretAsFloats();
            IntVector swapSin = j.and(4).lanewise(VectorOperators.LSHL, 29);
            var polyMask = j.and(2).compare(VectorOperators.EQ, 0).cast(S);
            signSin = signSin.lanewise(VectorOperators.XOR, swapSin);
            IntVector signCos = j.sub(2).not().and(4).lanewise(VectorOperators.LSHL, 29);
            x = y.fma(FloatVector.broadcast(S, DP1), x);
            x = y.fma(FloatVector.broadcast(S, DP2), x);
            x = y.fma(FloatVector.broadcast(S, DP3), x);
            FloatVector z = x.mul(x);
            FloatVector pc = z.fma(2.443315711809948E-005f, -1.388731625493765E-003f);
            pc = pc.fma(z, FloatVector.broadcast(S, 4.166664568298827E-002f));
            pc = pc.mul(z).mul(z).add(z.mul(-0.5f)).add(1f);
            FloatVector ps = z.fma(-1.9515295891E-4f, 8.3321608736E-3f);
            ps = ps.fma(z, FloatVector.broadcast(S, -1.6666654611E-1f));
            ps = ps.mul(z).fma(x, x);
            FloatVector s = pc.blend(ps, polyMask);
            FloatVector c = ps.blend(pc, polyMask);
            s = s.reinterpretAsInts().lanewise(VectorOperators.XOR, signSin).reinterpretAsFloats();
            c = c.reinterpretAsInts().lanewise(VectorOperators.XOR, signCos).reinterpretAsFloats();
            if (coef != null) {
                c = FloatVector.fromArray(S, coef, cc + i).mul(weight).mul(c);
                s = FloatVector.fromArray(S, coef, cs + i).mul(weight).mul(s);
            }
            s.intoArray(sin, so + i);
            c.intoArray(cos, co + i);
        }
    }

    /**
     * {@code sigmoid(in + 2) + 1e-4} in float with our own exp ({@link #exp}). Not the JDK's
     * {@code lanewise(EXP)}: its interpreted and compiled forms differ in the last bit, which made
     * results depend on when the JIT kicked in.
     */
    static void flowScales(float[] in, int off, int n, float[] out, int outOff) {
        int full = n - n % S.length();
        if (!SCALES.compiled() && full > 0) {
            // A call per block of queries, too few for C2: each also counts as several (ColdStartSwitch).
            for (int k = 0; k < SCALES_COUNTED_CALLS; k++) {
                flowScaleVectors(in, off, 0, out, outOff);
            }
            int vectorEnd = SCALES.timeThisCall() ? S.length() : 0;
            if (vectorEnd > 0) {
                long t0 = System.nanoTime();
                flowScaleVectors(in, off, vectorEnd, out, outOff);
                SCALES.timed(t0);
            }
            flowScaleLanes(in, off + vectorEnd, n - vectorEnd, out, outOff + vectorEnd);
        } else {
            flowScaleVectors(in, off, n, out, outOff);
        }
    }

    /** {@link #flowScales} on vectors, a masked one for the rest. */
    static void flowScaleVectors(float[] in, int off, int n, float[] out, int outOff) {
        int full = n - n % S.length();
        exp(in, off, n, -1f, 2f, out, outOff);
        for (int i = 0; i < full; i += S.length()) { // unmasked: masked stores are microcoded on AMD
            FloatVector e = FloatVector.fromArray(S, out, outOff + i);
            FloatVector.broadcast(S, 1f).div(e.add(1f)).add((float) ConditionalFlow.SCALE_EPS).intoArray(out, outOff + i);
        }
        if (full < n) {
            VectorMask<Float> m = S.indexInRange(full, n);
            FloatVector e = FloatVector.fromArray(S, out, outOff + full, m);
            FloatVector.broadcast(S, 1f).div(e.add(1f)).add((float) ConditionalFlow.SCALE_EPS)
                    .intoArray(out, outOff + full, m);
        }
    }

    /**
     * {@link #flowScales} one value at a time with {@link #expVectors}' operations lane by lane, so
     * the same bits; for the calls before the vector code is compiled.
     */
    static void flowScaleLanes(float[] in, int off, int n, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            float x = Math.min(Math.max((in[off + i] + 2f) * -1f, -87f), 88f);
            float t = Math.fma(x, LOG2E, 0.5f);
            float fn = (int) t;
            if (fn > t) {
                fn -= 1f;
            }
            float r = Math.fma(fn, -LN2_HI, x);
            r = Math.fma(fn, -LN2_LO, r);
            float p = Math.fma(r, EXP_C0, EXP_C1);
            p = Math.fma(p, r, EXP_C2);
            p = Math.fma(p, r, EXP_C3);
            p = Math.fma(p, r, EXP_C4);
            p = Math.fma(p, r, EXP_C5);
            float e = ((p * (r * r)) + r + 1f) * Float.intBitsToFloat(((int) fn + 127) << 23);
            out[outOff + i] = 1f / (e + 1f) + (float) ConditionalFlow.SCALE_EPS;
        }
    }

    /**
     * LayerNorm of {@code tokens} rows of {@code weight.length} values (eps 1e-5): sums in float
     * lanes, the lanes added in index order (no {@code reduceLanes}, whose order is unspecified, so
     * every execution mode gives the same bits), then {@code (x - mean) * rstd * weight + bias} on
     * vectors; a masked last vector when the width is not whole vectors. {@code in} and {@code out}
     * may be the same array.
     */
    static void layerNorm(float[] in, int inOff, float[] out, int outOff, int tokens, float[] weight, float[] bias) {
        int c = weight.length;
        float[] partial = new float[S.length()];
        for (int t = 0; t < tokens; t++) {
            if (LAYER_NORM.compiled()) {
                layerNormRow(in, inOff + t * c, out, outOff + t * c, weight, bias, partial, c);
            } else if (LAYER_NORM.timeThisCall()) {
                long t0 = System.nanoTime();
                layerNormRow(in, inOff + t * c, out, outOff + t * c, weight, bias, partial, c);
                LAYER_NORM.timed(t0); // a compiled row of 180 values: about 0.1 us
            } else {
                layerNormRow(in, 0, out, 0, weight, bias, partial, 0); // only counted (ColdStartSwitch)
                layerNormRowLanes(in, inOff + t * c, out, outOff + t * c, weight, bias, partial);
            }
        }
    }

    /** When {@link #layerNorm} leaves {@link #layerNormRowLanes} for its vector code. */
    private static final ColdStartSwitch LAYER_NORM = new ColdStartSwitch();

    /**
     * {@link #layerNormRow} one lane at a time, operation for operation: the sums kept in lanes
     * ({@code partial}) and added in index order, a masked load's zeros added as the vector code
     * adds them, {@code Math.fma} where it fuses; so the same bits, for the rows before the vector
     * code is compiled.
     */
    static void layerNormRowLanes(float[] in, int base, float[] out, int dst, float[] weight, float[] bias,
            float[] partial) {
        int c = weight.length;
        int lanes = S.length();
        int full = c - c % lanes;
        java.util.Arrays.fill(partial, 0f);
        for (int i = 0; i < full; i += lanes) {
            for (int l = 0; l < lanes; l++) {
                partial[l] += in[base + i + l];
            }
        }
        if (full < c) {
            for (int l = 0; l < lanes; l++) {
                partial[l] += full + l < c ? in[base + full + l] : 0f;
            }
        }
        float sum = 0f;
        for (int l = 0; l < lanes; l++) {
            sum += partial[l];
        }
        float mean = sum / c;
        java.util.Arrays.fill(partial, 0f);
        for (int i = 0; i < c; i++) {
            float d = in[base + i] - mean;
            partial[i % lanes] = Math.fma(d, d, partial[i % lanes]);
        }
        float var = 0f;
        for (int l = 0; l < lanes; l++) {
            var += partial[l];
        }
        float rstd = (float) (1 / Math.sqrt((double) var / c + 1e-5));
        for (int i = 0; i < c; i++) {
            out[dst + i] = Math.fma((in[base + i] - mean) * rstd, weight[i], bias[i]);
        }
    }

    /**
     * One token of {@link #layerNorm}. A method per row, not a loop over a band's rows: a band is
     * one call, so a loop over its rows is compiled on stack (OSR) first and again as a method,
     * and its C2 compilations were the largest of a cold SwinIR run (7 of them, 0.9 s; with a row
     * per call 3-4, 0.3 s).
     */
    static void layerNormRow(float[] in, int base, float[] out, int dst, float[] weight, float[] bias,
            float[] partial, int c) {
        if (c == 0) { // a call only counted: before any Vector API operation
            return;
        }
        int lanes = S.length();
        int full = c - c % lanes; // whole vectors unmasked (masked stores are microcoded on AMD), then one masked
        VectorMask<Float> tail = S.indexInRange(full, c);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < full; i += lanes) {
            acc = acc.add(FloatVector.fromArray(S, in, base + i));
        }
        if (full < c) {
            acc = acc.add(FloatVector.fromArray(S, in, base + full, tail));
        }
        acc.intoArray(partial, 0);
        float sum = 0f;
        for (int l = 0; l < lanes; l++) {
            sum += partial[l];
        }
        float mean = sum / c;
        acc = FloatVector.zero(S);
        for (int i = 0; i < full; i += lanes) {
            FloatVector d = FloatVector.fromArray(S, in, base + i).sub(mean);
            acc = d.fma(d, acc);
        }
        if (full < c) {
            FloatVector d = FloatVector.fromArray(S, in, base + full, tail).sub(mean);
            acc = d.fma(d, acc).blend(acc, tail.not());
        }
        acc.intoArray(partial, 0);
        float var = 0f;
        for (int l = 0; l < lanes; l++) {
            var += partial[l];
        }
        float rstd = (float) (1 / Math.sqrt((double) var / c + 1e-5));
        for (int i = 0; i < full; i += lanes) {
            FloatVector x = FloatVector.fromArray(S, in, base + i).sub(mean).mul(rstd);
            x.fma(FloatVector.fromArray(S, weight, i), FloatVector.fromArray(S, bias, i)).intoArray(out, dst + i);
        }
        if (full < c) {
            FloatVector x = FloatVector.fromArray(S, in, base + full, tail).sub(mean).mul(rstd);
            x.fma(FloatVector.fromArray(S, weight, full, tail), FloatVector.fromArray(S, bias, full, tail))
                    .intoArray(out, dst + full, tail);
        }
    }

    /**
     * A softmax over {@code a[off .. off + n)}, in place, as the reference: the maximum subtracted,
     * {@link #exp}, the sum in double (in four interleaved chains, a fixed order), each value divided
     * by the sum as a float.
     */
    static void softmax(float[] a, int off, int n) {
        int full = n - n % S.length();
        FloatVector maxes = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < full; i += S.length()) {
            maxes = maxes.max(FloatVector.fromArray(S, a, off + i));
        }
        float max = maxes.reduceLanes(VectorOperators.MAX); // exact in any order
        for (int j = full; j < n; j++) {
            max = Math.max(max, a[off + j]);
        }
        normalise(a, off, n, max);
    }

    /**
     * {@link #softmax} of {@code (a + b) + c}, the additions in the first pass (C2 does not
     * vectorise a scalar loop over three float arrays: 2.9% of SwinIR's samples).
     */
    static void softmax(float[] a, int off, int n, float[] b, int bOff, float[] c, int cOff) {
        int full = n - n % S.length();
        FloatVector maxes = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < full; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, off + i).add(FloatVector.fromArray(S, b, bOff + i))
                    .add(FloatVector.fromArray(S, c, cOff + i));
            x.intoArray(a, off + i);
            maxes = maxes.max(x);
        }
        float max = maxes.reduceLanes(VectorOperators.MAX);
        for (int j = full; j < n; j++) {
            a[off + j] = (a[off + j] + b[bOff + j]) + c[cOff + j];
            max = Math.max(max, a[off + j]);
        }
        normalise(a, off, n, max);
    }

    /** {@code out[outOff + i] = in[inOff + i] * factor}: whole vectors, then the rest one by one (same products). */
    static void scale(float[] in, int inOff, int n, float factor, float[] out, int outOff) {
        int full = n - n % S.length();
        for (int i = 0; i < full; i += S.length()) {
            FloatVector.fromArray(S, in, inOff + i).mul(factor).intoArray(out, outOff + i);
        }
        for (int i = full; i < n; i++) {
            out[outOff + i] = in[inOff + i] * factor;
        }
    }

    /** The rest of a softmax once the maximum is known: exponentials, their sum, the division. */
    private static void normalise(float[] a, int off, int n, float max) {
        int full = n - n % S.length();
        exp(a, off, n, 1f, -max, a, off);
        // The sum in double, in four interleaved chains (one chain of dependent adds was the
        // bottleneck of attention's 64-wide rows); a fixed order, so the same bits every time.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += a[off + j];
            s1 += a[off + j + 1];
            s2 += a[off + j + 2];
            s3 += a[off + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[off + j];
        }
        float inv = (float) ((s0 + s1) + (s2 + s3));
        for (int i = 0; i < full; i += S.length()) {
            FloatVector.fromArray(S, a, off + i).div(inv).intoArray(a, off + i);
        }
        for (int i = full; i < n; i++) {
            a[off + i] /= inv;
        }
    }

    /**
     * {@code out[outOff + i] = e^(sign * (in[inOff + i] + shift))} in float, the argument clamped to
     * [-87, 88] (beyond, e^x is 0 or infinite for every use here): Cody-Waite reduction by ln 2 and
     * the Cephes expf polynomial (about 1 ulp), 2^n put in the exponent bits. Only IEEE add/mul/fma
     * and integer ops, so every execution mode gives the same bits; the tail runs the same code on a
     * vector-sized copy, so a value does not depend on where it falls, and the full vectors use
     * unmasked loads and stores (masked stores are microcoded on AMD; with this and the sum's four
     * chains a 64-wide softmax row went from 240-310 to 115-170 ns here).
     * {@code in} and {@code out} may be the same array.
     */
    static void exp(float[] in, int inOff, int n, float sign, float shift, float[] out, int outOff) {
        int full = n - n % S.length();
        expVectors(in, inOff, full, sign, shift, out, outOff);
        if (full < n) {
            float[] tail = new float[S.length()];
            System.arraycopy(in, inOff + full, tail, 0, n - full);
            expVectors(tail, 0, tail.length, sign, shift, tail, 0);
            System.arraycopy(tail, 0, out, outOff + full, n - full);
        }
    }

    /** {@link #exp} on whole vectors. One loop: a helper returning the vector would box it (see PERFORMANCE-NOTES). */
    private static void expVectors(float[] in, int inOff, int n, float sign, float shift, float[] out, int outOff) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, in, inOff + i).add(shift).mul(sign).max(-87f).min(88f);
            FloatVector t = x.fma(LOG2E, 0.5f);
            FloatVector fn = t.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0).reinterpretAsFloats();
            fn = fn.sub(1f, fn.compare(VectorOperators.GT, t)); // floor: truncation rounds negatives up
            FloatVector r = fn.fma(FloatVector.broadcast(S, -LN2_HI), x);
            r = fn.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(EXP_C0, EXP_C1);
            p = p.fma(r, FloatVector.broadcast(S, EXP_C2));
            p = p.fma(r, FloatVector.broadcast(S, EXP_C3));
            p = p.fma(r, FloatVector.broadcast(S, EXP_C4));
            p = p.fma(r, FloatVector.broadcast(S, EXP_C5));
            FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector pow2 = fn.convert(VectorOperators.F2I, 0).reinterpretAsInts().add(127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            y.mul(pow2).intoArray(out, outOff + i);
        }
    }

    /** log2(e) and ln 2 in two parts (Cody-Waite), shared with {@link VectorGelu}'s inlined exp. */
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** exp's polynomial on the reduced argument (Cephes expf), also shared with {@link VectorGelu}. */
    static final float EXP_C0 = 1.9875691500e-4f;
    static final float EXP_C1 = 1.3981999507e-3f;
    static final float EXP_C2 = 8.3334519073e-3f;
    static final float EXP_C3 = 4.1665795894e-2f;
    static final float EXP_C4 = 1.6666665459e-1f;
    static final float EXP_C5 = 5.0000001201e-1f;
}
