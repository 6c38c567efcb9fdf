package io.gatewatch.streams.common;

import java.util.Arrays;

/**
 * A map from byte strings to byte strings on the heap without an object per entry: for the indexes
 * that hold an entry per scan or person for hours (de-duplication's event ids, counts' persons per
 * window). Kafka Streams' in-memory stores keep several objects per entry (~190–320 bytes, session
 * 13), which the garbage collector copies and marks again while they live; here entries are packed
 * into a byte arena and found through an open-addressing table of {@code long} slots, so the
 * collector sees a few dozen arrays however many entries.
 *
 * <p>An entry is {@code [key length: 2][value length: 4][key][value]}. Keys are compared byte for
 * byte: the map is exact, the hash only chooses the slot. A slot is 0 when empty, else {@code [top
 * 24 bits of the key's hash][arena address + 1: 40 bits]}, so a probe rarely reads the arena of
 * another key; an address is {@code [chunk: 20 bits][offset: 20 bits]}, chunks growing from 16 KiB to
 * 256 KiB (below half of G1's smallest region: never a humongous object that wastes the rest of its
 * regions). Linear probing, the table at most half full.
 *
 * <p>A value put again with the same length is overwritten in place; one of another length is
 * appended anew and the old bytes stay dead in the arena until the map is dropped ({@link
 * #deadBytes}): the map is meant to be dropped whole (a segment of time, a window), not emptied
 * entry by entry, and has no removal.
 *
 * <p>Keys come from outside (a device chooses its event ids), so the hash should be keyed and
 * secret ({@link SipHash}): otherwise a sender could choose keys that share a slot and make every
 * lookup walk the table. One thread at a time.
 */
public final class CompactBytesMap {
    /** Longest key: its length is stored in two bytes. */
    public static final int MAX_KEY_BYTES = 0xffff;
    private static final int HEADER = 2 + Integer.BYTES;
    private static final int FIRST_CHUNK_BITS = 14;
    private static final int MAX_CHUNK_BITS = 18;
    private static final int OFFSET_BITS = 20;
    private static final int MAX_CHUNKS = 1 << 20;
    private static final long ADDRESS_MASK = (1L << 40) - 1;
    private static final int TAG_SHIFT = 40;

    /** The hash that chooses a key's slot. */
    @FunctionalInterface
    public interface KeyHash {
        long hash(byte[] bytes, int offset, int length);
    }

    private final KeyHash hash;
    private long[] slots = new long[256];
    private int size;
    private byte[][] chunks = new byte[4][];
    private int chunkCount;
    private int used;
    /** Where the value of the entry {@link #entryFor} gave ends, in its chunk. */
    private int written;
    private long deadBytes;

    public CompactBytesMap(KeyHash hash) {
        this.hash = hash;
    }

    /** The value of the first {@code keyLength} bytes of {@code key} as a new array, or null. */
    public byte[] get(byte[] key, int keyLength) {
        long entry = slots[find(key, keyLength, hash.hash(key, 0, keyLength))];
        if (entry == 0) {
            return null;
        }
        byte[] chunk = chunk(entry);
        int at = offset(entry);
        int valueAt = at + HEADER + keyLength;
        return Arrays.copyOfRange(chunk, valueAt, valueAt + valueLength(chunk, at));
    }

    /** The value of the key read as a {@code long} (a value put by {@link #putLong}), or {@code absent}. */
    public long getLong(byte[] key, int keyLength, long absent) {
        long entry = slots[find(key, keyLength, hash.hash(key, 0, keyLength))];
        return entry == 0 ? absent : readLong(chunk(entry), offset(entry) + HEADER + keyLength);
    }

    /** Maps the first {@code keyLength} bytes of {@code key} to the first {@code valueLength} bytes of {@code value}. */
    public void put(byte[] key, int keyLength, byte[] value, int valueLength) {
        byte[] chunk = entryFor(key, keyLength, valueLength);
        System.arraycopy(value, 0, chunk, written - valueLength, valueLength);
    }

    /** Maps the key to an eight-byte value. */
    public void putLong(byte[] key, int keyLength, long value) {
        byte[] chunk = entryFor(key, keyLength, Long.BYTES);
        writeLong(chunk, written - Long.BYTES, value);
    }

    /** How many keys the map holds. */
    public int size() {
        return size;
    }

    /** Heap the map holds in its table and arena, in bytes. */
    public long bytes() {
        long arena = 0;
        for (int i = 0; i < chunkCount; i++) {
            arena += chunks[i].length;
        }
        return (long) slots.length * Long.BYTES + arena;
    }

    /** Arena bytes of values replaced by one of another length. */
    public long deadBytes() {
        return deadBytes;
    }

    /**
     * The chunk holding the key's entry with room for a value of {@code valueLength}, which the caller
     * writes to end at {@link #written}: its own entry when its value has that length, else a new
     * entry appended (the old one's bytes go dead, its slot points to the new one).
     */
    private byte[] entryFor(byte[] key, int keyLength, int valueLength) {
        if (keyLength > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key longer than " + MAX_KEY_BYTES + " bytes: " + keyLength);
        }
        long keyHash = hash.hash(key, 0, keyLength);
        int slot = find(key, keyLength, keyHash);
        long entry = slots[slot];
        if (entry != 0) {
            byte[] chunk = chunk(entry);
            int at = offset(entry);
            int oldLength = valueLength(chunk, at);
            if (oldLength == valueLength) {
                written = at + HEADER + keyLength + valueLength;
                return chunk;
            }
            deadBytes += HEADER + keyLength + oldLength;
            slots[slot] = (entry & ~ADDRESS_MASK) | (append(key, keyLength, valueLength) + 1);
            return chunks[chunkCount - 1];
        }
        slots[slot] = (keyHash >>> TAG_SHIFT << TAG_SHIFT) | (append(key, keyLength, valueLength) + 1);
        byte[] chunk = chunks[chunkCount - 1];
        if (++size > slots.length / 2) {
            grow();
        }
        return chunk;
    }

    /** The slot that holds the key, or the empty slot where it would go. */
    private int find(byte[] key, int keyLength, long keyHash) {
        int mask = slots.length - 1;
        long tag = keyHash >>> TAG_SHIFT;
        for (int slot = (int) keyHash & mask; ; slot = (slot + 1) & mask) {
            long entry = slots[slot];
            if (entry == 0) {
                return slot;
            }
            if (entry >>> TAG_SHIFT == tag) {
                byte[] chunk = chunk(entry);
                int at = offset(entry);
                if (keyLength(chunk, at) == keyLength
                        && Arrays.equals(chunk, at + HEADER, at + HEADER + keyLength, key, 0, keyLength)) {
                    return slot;
                }
            }
        }
    }

    /** Appends an entry with the key and room for its value (written by the caller, ending at {@link #written}); returns its address. */
    private long append(byte[] key, int keyLength, int valueLength) {
        int length = HEADER + keyLength + valueLength;
        if (chunkCount == 0 || used + length > chunks[chunkCount - 1].length) {
            addChunk(length);
        }
        byte[] chunk = chunks[chunkCount - 1];
        chunk[used] = (byte) (keyLength >>> 8);
        chunk[used + 1] = (byte) keyLength;
        chunk[used + 2] = (byte) (valueLength >>> 24);
        chunk[used + 3] = (byte) (valueLength >>> 16);
        chunk[used + 4] = (byte) (valueLength >>> 8);
        chunk[used + 5] = (byte) valueLength;
        System.arraycopy(key, 0, chunk, used + HEADER, keyLength);
        long address = ((long) (chunkCount - 1) << OFFSET_BITS) | used;
        used += length;
        written = used;
        return address;
    }

    private void addChunk(int atLeast) {
        if (chunkCount == MAX_CHUNKS) {
            throw new IllegalStateException("compact map over " + MAX_CHUNKS + " chunks");
        }
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        int bits = Math.min(MAX_CHUNK_BITS, FIRST_CHUNK_BITS + chunkCount);
        while ((1 << bits) < atLeast) {
            bits++;
        }
        if (bits > OFFSET_BITS) {
            throw new IllegalArgumentException("entry of " + atLeast + " bytes is larger than a chunk can address");
        }
        chunks[chunkCount++] = new byte[1 << bits];
        used = 0;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long entry : old) {
            if (entry != 0) {
                slots[freeSlot(entry, mask)] = entry;
            }
        }
    }

    /** The first empty slot from the entry's home slot (its key's hash, computed again from the arena). */
    private int freeSlot(long entry, int mask) {
        byte[] chunk = chunk(entry);
        int at = offset(entry);
        int slot = (int) hash.hash(chunk, at + HEADER, keyLength(chunk, at)) & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private byte[] chunk(long entry) {
        return chunks[(int) (((entry & ADDRESS_MASK) - 1) >>> OFFSET_BITS)];
    }

    private static int offset(long entry) {
        return (int) (((entry & ADDRESS_MASK) - 1) & ((1 << OFFSET_BITS) - 1));
    }

    private static int keyLength(byte[] chunk, int at) {
        return ((chunk[at] & 0xff) << 8) | (chunk[at + 1] & 0xff);
    }

    private static int valueLength(byte[] chunk, int at) {
        return ((chunk[at + 2] & 0xff) << 24) | ((chunk[at + 3] & 0xff) << 16) | ((chunk[at + 4] & 0xff) << 8) | (chunk[at + 5] & 0xff);
    }

    /** Writes {@code value} big-endian at {@code at}. */
    public static void writeLong(byte[] bytes, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            bytes[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    /** Reads a big-endian {@code long} at {@code at}. */
    public static long readLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[at + i] & 0xffL);
        }
        return value;
    }
}
