package io.gatewatch.embedded.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded mutator of Confluent-framed Avro records (magic byte, 4-byte schema id, Avro binary) for
 * the adversarial suites: from a few valid frames it derives the hostile inputs a buggy device or an
 * attacker would write — truncations, bit flips, random byte overwrites, huge zig-zag varint lengths
 * spliced in anywhere, wrong magic bytes and schema ids, inserted and deleted runs, two frames
 * spliced together, and plain random bytes. Deterministic for a seed, so a failing input can be
 * reproduced from the seed and the index that the suite reports.
 */
public final class FrameMutator {
    /** Zig-zag varints of lengths no record can hold: the 2 GB string of issue 13, Integer.MAX_VALUE, a negative, Long.MAX_VALUE. */
    private static final long[] HUGE = {2_147_483_548L, Integer.MAX_VALUE, -1L, Long.MAX_VALUE, 1L << 40, 65_536L};

    private final Random random;
    private final List<byte[]> seeds;

    public FrameMutator(long seed, List<byte[]> validFrames) {
        if (validFrames.isEmpty()) {
            throw new IllegalArgumentException("at least one valid frame is needed");
        }
        this.random = new Random(seed);
        this.seeds = validFrames;
    }

    /** The seed from system property {@code fuzz.seed}, else {@code fallback}: a failing run can be replayed. */
    public static long seed(long fallback) {
        return Long.getLong("fuzz.seed", fallback);
    }

    /** The next hostile input (sometimes one of the valid frames unchanged, which must still decode). */
    public byte[] next() {
        byte[] base = seeds.get(random.nextInt(seeds.size()));
        return switch (random.nextInt(11)) {
            case 0 -> Arrays.copyOf(base, random.nextInt(base.length + 1));
            case 1 -> flipBits(base.clone(), 1 + random.nextInt(4));
            case 2 -> overwrite(base.clone(), 1 + random.nextInt(6));
            case 3, 4 -> spliceVarint(base, HUGE[random.nextInt(HUGE.length)]);
            case 5 -> withHeaderByte(base.clone());
            case 6 -> insertRun(base);
            case 7 -> deleteRun(base);
            case 8 -> splice(base, seeds.get(random.nextInt(seeds.size())));
            case 9 -> randomBytes();
            default -> base.clone();
        };
    }

    private byte[] flipBits(byte[] bytes, int flips) {
        for (int i = 0; i < flips && bytes.length > 0; i++) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private byte[] overwrite(byte[] bytes, int count) {
        for (int i = 0; i < count && bytes.length > 0; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Replaces the bytes from a random position after the header with a huge varint, keeping a few bytes after it. */
    private byte[] spliceVarint(byte[] base, long value) {
        byte[] varint = varint(value);
        int at = Math.min(base.length, 5 + random.nextInt(Math.max(1, base.length - 4)));
        int keep = Math.min(base.length - at, random.nextInt(4));
        byte[] out = new byte[at + varint.length + keep];
        System.arraycopy(base, 0, out, 0, at);
        System.arraycopy(varint, 0, out, at, varint.length);
        System.arraycopy(base, at, out, at + varint.length, keep);
        return out;
    }

    /** A wrong magic byte or a schema id that is off by a little or a lot. */
    private byte[] withHeaderByte(byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(Math.min(5, bytes.length));
        bytes[at] = at == 0 ? (byte) (1 + random.nextInt(255)) : (byte) (bytes[at] + 1 + random.nextInt(3));
        return bytes;
    }

    private byte[] insertRun(byte[] base) {
        byte[] run = new byte[1 + random.nextInt(8)];
        random.nextBytes(run);
        int at = random.nextInt(base.length + 1);
        byte[] out = new byte[base.length + run.length];
        System.arraycopy(base, 0, out, 0, at);
        System.arraycopy(run, 0, out, at, run.length);
        System.arraycopy(base, at, out, at + run.length, base.length - at);
        return out;
    }

    private byte[] deleteRun(byte[] base) {
        if (base.length == 0) {
            return base.clone();
        }
        int at = random.nextInt(base.length);
        int length = Math.min(base.length - at, 1 + random.nextInt(8));
        byte[] out = new byte[base.length - length];
        System.arraycopy(base, 0, out, 0, at);
        System.arraycopy(base, at + length, out, at, base.length - at - length);
        return out;
    }

    private byte[] splice(byte[] head, byte[] tail) {
        int cut = random.nextInt(head.length + 1);
        int from = random.nextInt(tail.length + 1);
        byte[] out = Arrays.copyOf(head, cut + tail.length - from);
        System.arraycopy(tail, from, out, cut, tail.length - from);
        return out;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        if (bytes.length > 0 && random.nextBoolean()) {
            bytes[0] = 0;
        }
        return bytes;
    }

    /**
     * The 13-byte record of issue 13: magic byte 0, {@code schemaId}, then a string length of
     * 2,147,483,548 (just under Avro's own limit) followed by only 3 bytes. It once made the
     * deserializer allocate 2 GB.
     */
    public static byte[] lengthBomb(int schemaId) {
        byte[] length = varint(HUGE[0]);
        byte[] out = new byte[5 + length.length + 3];
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
        System.arraycopy(length, 0, out, 5, length.length);
        out[out.length - 3] = 'a';
        out[out.length - 2] = 'b';
        out[out.length - 1] = 'c';
        return out;
    }

    /** Avro's zig-zag varint encoding of {@code value}. */
    public static byte[] varint(long value) {
        long n = (value << 1) ^ (value >> 63);
        byte[] out = new byte[10];
        int i = 0;
        while ((n & ~0x7FL) != 0) {
            out[i++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out[i++] = (byte) n;
        return Arrays.copyOf(out, i);
    }
}
