package dev.linf.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Byte-level mutations in the style of AFL's havoc stage, driven by one seeded {@link Random}
 * so a run is reproducible from its seed: bit flips, interesting bytes and integers (both byte
 * orders), arithmetic on a byte, chunk deletion, duplication and insertion, splicing with another
 * seed, and truncation.
 */
final class Mutator {
    private static final int[] INTERESTING_8 = {0, 1, 0x7f, 0x80, 0xff, '(', ']', 'X', '{', '"', ' ', '\n'};
    private static final int[] INTERESTING_32 = {0, 1, -1, 0x7fffffff, 0x80000000, 0xffff, 0x10000, 9999, 65536,
        1 << 30, -100};

    private final Random random;

    Mutator(Random random) {
        this.random = random;
    }

    /** One to eight stacked mutations of {@code input}; {@code others} are splice partners. */
    byte[] mutate(byte[] input, List<byte[]> others) {
        byte[] b = input;
        int rounds = 1 << random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            b = once(b, others);
        }
        return b;
    }

    private byte[] once(byte[] b, List<byte[]> others) {
        if (b.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        switch (random.nextInt(10)) {
            case 0 -> {
                b = b.clone();
                int bit = random.nextInt(b.length * 8);
                b[bit >> 3] ^= (byte) (1 << (bit & 7));
            }
            case 1 -> {
                b = b.clone();
                b[random.nextInt(b.length)] = (byte) INTERESTING_8[random.nextInt(INTERESTING_8.length)];
            }
            case 2 -> {
                if (b.length >= 4) {
                    b = b.clone();
                    int at = random.nextInt(b.length - 3);
                    ByteOrder order = random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
                    ByteBuffer.wrap(b).order(order).putInt(at, INTERESTING_32[random.nextInt(INTERESTING_32.length)]);
                }
            }
            case 3 -> {
                b = b.clone();
                int at = random.nextInt(b.length);
                b[at] = (byte) (b[at] + random.nextInt(71) - 35);
            }
            case 4 -> { // delete a chunk
                int len = chunk(b.length);
                int at = random.nextInt(b.length - len + 1);
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                b = out;
            }
            case 5 -> { // duplicate a chunk in place
                int len = chunk(b.length);
                int from = random.nextInt(b.length - len + 1);
                b = insert(b, random.nextInt(b.length + 1), Arrays.copyOfRange(b, from, from + len));
            }
            case 6 -> { // insert random or repeated bytes
                byte[] ins = new byte[1 + random.nextInt(random.nextBoolean() ? 16 : 4096)];
                if (random.nextBoolean()) {
                    random.nextBytes(ins);
                } else {
                    Arrays.fill(ins, (byte) INTERESTING_8[random.nextInt(INTERESTING_8.length)]);
                }
                b = insert(b, random.nextInt(b.length + 1), ins);
            }
            case 7 -> { // overwrite with a chunk of itself
                b = b.clone();
                int len = chunk(b.length);
                int from = random.nextInt(b.length - len + 1);
                int to = random.nextInt(b.length - len + 1);
                System.arraycopy(b.clone(), from, b, to, len);
            }
            case 8 -> { // splice: our head, another seed's tail
                byte[] other = others.get(random.nextInt(others.size()));
                if (other.length > 0) {
                    int cut = random.nextInt(b.length);
                    int otherCut = random.nextInt(other.length);
                    byte[] out = Arrays.copyOf(b, cut + other.length - otherCut);
                    System.arraycopy(other, otherCut, out, cut, other.length - otherCut);
                    b = out;
                }
            }
            default -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncate
        }
        return b;
    }

    /** A chunk length, usually small, at most {@code n}. */
    private int chunk(int n) {
        int max = random.nextInt(4) == 0 ? n : Math.min(n, 32);
        return 1 + random.nextInt(Math.max(1, max));
    }

    private static byte[] insert(byte[] b, int at, byte[] ins) {
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }
}
