package io.gatewatch.streams.common;

import java.security.SecureRandom;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) under a key drawn at random for each instance: the hash
 * of a hash table whose keys come from outside. Whoever sends the keys (a device choosing event
 * ids) cannot know the key, so cannot choose inputs that all land in one slot and turn each lookup
 * into a walk over the table (hash flooding) — the reason Python, Rust and Redis hash their tables'
 * keys with it.
 *
 * <p>Not safe for concurrent use: it keeps its state in fields (one instance per store, and a store
 * belongs to one stream thread).
 */
public final class SipHash {
    private static final SecureRandom SEEDS = new SecureRandom();

    private final long k0;
    private final long k1;
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    /** A hash under a fresh random key. */
    public SipHash() {
        this(SEEDS.nextLong(), SEEDS.nextLong());
    }

    /** A hash under the given key: for tests against the reference vectors. */
    public SipHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** The 64-bit hash of {@code length} bytes of {@code bytes} from {@code offset}. */
    public long hash(byte[] bytes, int offset, int length) {
        v0 = k0 ^ 0x736f6d6570736575L;
        v1 = k1 ^ 0x646f72616e646f6dL;
        v2 = k0 ^ 0x6c7967656e657261L;
        v3 = k1 ^ 0x7465646279746573L;
        int end = offset + length - (length & 7);
        for (int i = offset; i < end; i += 8) {
            compress(littleEndian(bytes, i, 8));
        }
        compress(((long) length << 56) | littleEndian(bytes, end, length & 7));
        v2 ^= 0xff;
        rounds(4);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void compress(long m) {
        v3 ^= m;
        rounds(2);
        v0 ^= m;
    }

    private void rounds(int count) {
        for (int round = 0; round < count; round++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
    }

    private static long littleEndian(byte[] bytes, int from, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[from + i] & 0xffL);
        }
        return value;
    }
}
