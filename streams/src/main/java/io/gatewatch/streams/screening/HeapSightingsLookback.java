package io.gatewatch.streams.screening;

import io.gatewatch.streams.common.CompactBytesMap;
import io.gatewatch.streams.common.HeapIndexStore;
import io.gatewatch.streams.common.KeyBuffer;
import io.gatewatch.streams.common.TimeSegments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The observation lookback on the heap, compact: no object per sighting. Every gate and check-in
 * scan is a sighting, so the RocksDB window store it replaces took a JNI write per scan and the
 * flushes and compactions behind it (BENCHMARKS.md, session 15: 2.5–23 µs of process CPU per scan),
 * for sightings that are read only when a watchlist entry arrives.
 *
 * <p>Cut by scan time into segments ({@link TimeSegments}: an eighth of the retention each, at least
 * a minute), each a {@link CompactBytesMap}; a segment is dropped whole once the newest scan time put has left it more
 * than the retention behind, and sightings older than that are neither held nor answered, as in
 * Kafka Streams' window stores. In a segment, a person's sightings form a numbered list, under
 * keys that begin with the token's length and the token (so no person's keys are another's):
 * <ul>
 *   <li>{@code [length: 2][token][0]} → how many sightings of the person the segment holds (a
 *       {@code long}, overwritten in place);</li>
 *   <li>{@code [length: 2][token][1][number: 4]} → {@code [scan time: 8][sighting]}, numbered from 0
 *       in the order put.</li>
 * </ul>
 * So a put appends without rewriting what the person already has (a token sent a million times
 * costs a million entries, not a million copies of a growing list), and a lookup reads one count
 * and that many entries per segment of its range. Tokens come from devices, so slots are chosen by
 * SipHash under a key drawn when the store opens ({@link HeapIndexStore}).
 *
 * <p>Unlogged and not persistent: it comes back empty at every start, and {@link ObservationProcessor}
 * rebuilds it from the sightings journal, as after a crash. One stream thread uses it.
 */
final class HeapSightingsLookback extends HeapIndexStore implements SightingsLookback {
    private static final int TOKEN_AT = 2;
    private static final byte COUNT = 0;
    private static final byte SIGHTING = 1;
    /** Longest token a key has room for: {@code [length: 2][token][1][number: 4]}. */
    static final int MAX_TOKEN_BYTES = CompactBytesMap.MAX_KEY_BYTES - TOKEN_AT - 1 - Integer.BYTES;

    private final TimeSegments<Segment> segments;
    /** The key being looked up or put. */
    private final KeyBuffer probe = new KeyBuffer();
    /** The value being put. */
    private byte[] value = new byte[256];

    HeapSightingsLookback(String name, long retentionMs) {
        this(name, retentionMs, KEYED_SIPHASH);
    }

    /** With the hash a test chooses (one that collides for every key, to show lookups stay exact). */
    HeapSightingsLookback(String name, long retentionMs, Supplier<CompactBytesMap.KeyHash> hashes) {
        super(name, hashes);
        this.segments = new TimeSegments<>(retentionMs, () -> new Segment(newMap()));
    }

    /** The lookback as a store of a topology: never logged, never cached (it has neither). */
    static StoreBuilder<HeapSightingsLookback> builder(String name, long retentionMs) {
        return HeapIndexStore.builder(name, () -> new HeapSightingsLookback(name, retentionMs));
    }

    @Override
    public void put(String person, byte[] sighting, long scannedAtMs) {
        int tokenLength = encodeToken(person);
        if (tokenLength > MAX_TOKEN_BYTES) {
            throw new IllegalArgumentException("person token longer than " + MAX_TOKEN_BYTES + " bytes: " + tokenLength);
        }
        if (!segments.observe(scannedAtMs)) {
            return;
        }
        Segment segment = segments.segmentFor(scannedAtMs);
        int countKey = countKey(tokenLength);
        long count = segment.map.getLong(probe.bytes(), countKey, 0);
        segment.map.putLong(probe.bytes(), countKey, count + 1);
        segment.sightings++;
        int valueLength = Long.BYTES + sighting.length;
        if (value.length < valueLength) {
            value = new byte[Math.max(valueLength, value.length * 2)];
        }
        CompactBytesMap.writeLong(value, 0, scannedAtMs);
        System.arraycopy(sighting, 0, value, Long.BYTES, sighting.length);
        int entryKey = entryKey(tokenLength, (int) count);
        segment.map.put(probe.bytes(), entryKey, value, valueLength);
    }

    @Override
    public void forEach(String person, long fromMs, long toMs, Visitor visitor) {
        long from = Math.max(fromMs, segments.minLiveTime());
        if (from > toMs || isEmpty()) {
            return;
        }
        int tokenLength = encodeToken(person);
        if (tokenLength > MAX_TOKEN_BYTES) {
            return; // no sighting was put under so long a token
        }
        List<Held> found = new ArrayList<>();
        for (Segment segment : segments.between(from, toMs)) {
            int countKey = countKey(tokenLength);
            long count = segment.map.getLong(probe.bytes(), countKey, 0);
            for (int number = 0; number < count; number++) {
                int entryKey = entryKey(tokenLength, number);
                byte[] entry = segment.map.get(probe.bytes(), entryKey);
                long time = CompactBytesMap.readLong(entry, 0);
                if (time >= from && time <= toMs) {
                    found.add(new Held(time, found.size(), entry));
                }
            }
        }
        // by scan time, ties in the order put: a window store's order
        found.sort(Comparator.comparingLong(Held::time).thenComparingInt(Held::order));
        for (Held held : found) {
            visitor.visit(held.time(), Arrays.copyOfRange(held.entry(), Long.BYTES, held.entry().length));
        }
    }

    @Override
    public boolean isEmpty() {
        return segments.all().isEmpty();
    }

    /** How many sightings the lookback holds. */
    long sightings() {
        return segments.all().stream().mapToLong(segment -> segment.sightings).sum();
    }

    /** Heap the lookback holds in its tables and arenas, in bytes. */
    long bytes() {
        return segments.all().stream().mapToLong(segment -> segment.map.bytes()).sum();
    }

    /** How many segments of scan time the lookback holds. */
    int segmentCount() {
        return segments.all().size();
    }

    /** Writes {@code [length: 2][token as UTF-8]} at the start of {@link #probe}, with room for either key's end; returns the token's length in bytes. */
    private int encodeToken(String person) {
        int tokenLength = probe.putUtf8(TOKEN_AT, person, 1 + Integer.BYTES);
        byte[] key = probe.bytes();
        key[0] = (byte) (tokenLength >>> 8);
        key[1] = (byte) tokenLength;
        return tokenLength;
    }

    /** Completes the key in {@link #probe} as the person's count key; returns its length. */
    private int countKey(int tokenLength) {
        probe.bytes()[TOKEN_AT + tokenLength] = COUNT;
        return TOKEN_AT + tokenLength + 1;
    }

    /** Completes the key in {@link #probe} as the person's {@code number}th sighting; returns its length. */
    private int entryKey(int tokenLength, int number) {
        int at = TOKEN_AT + tokenLength;
        byte[] key = probe.bytes();
        key[at] = SIGHTING;
        key[at + 1] = (byte) (number >>> 24);
        key[at + 2] = (byte) (number >>> 16);
        key[at + 3] = (byte) (number >>> 8);
        key[at + 4] = (byte) number;
        return at + 1 + Integer.BYTES;
    }

    @Override
    protected void clear() {
        segments.clear();
    }

    /** One segment of scan time: its map and how many sightings it holds. */
    private static final class Segment {
        final CompactBytesMap map;
        long sightings;

        Segment(CompactBytesMap map) {
            this.map = map;
        }
    }

    /** A sighting found by a lookup: its scan time, its place among those found, its entry. */
    private record Held(long time, int order, byte[] entry) {}
}
