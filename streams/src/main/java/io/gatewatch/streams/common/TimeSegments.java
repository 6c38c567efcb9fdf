package io.gatewatch.streams.common;

import java.util.Collection;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Event time cut into segments, each holding a part of a heap index, kept while within a retention of
 * the newest time observed: what Kafka Streams' window stores do with their RocksDB segments, for the
 * {@link HeapIndexStore}s that hold entries for a span of scan time (de-duplication's event ids,
 * observation's sightings). A segment is an eighth of the retention, at least a minute, and is
 * dropped whole once the newest time observed has left all of it more than the retention behind;
 * a time that is that far behind is neither held nor answered. One thread at a time.
 *
 * @param <S> what a segment holds
 */
public final class TimeSegments<S> {
    private static final int MIN_SEGMENTS = 8;
    private static final long MIN_SEGMENT_MS = 60_000;

    private final long retentionMs;
    private final long segmentMs;
    private final Supplier<S> factory;
    private final TreeMap<Long, S> segments = new TreeMap<>();
    private long observedTime = Long.MIN_VALUE;
    /** Segments before this one have been dropped. */
    private long firstLiveSegment = Long.MIN_VALUE;
    /** The segment asked for last (most entries fall in the newest one), or null. */
    private S last;
    private long lastId;

    /** Segments made by {@code factory} when a time first needs one. */
    public TimeSegments(long retentionMs, Supplier<S> factory) {
        if (retentionMs <= 0) {
            throw new IllegalArgumentException("retention must be positive: " + retentionMs);
        }
        this.retentionMs = retentionMs;
        this.segmentMs = Math.max(retentionMs / MIN_SEGMENTS, MIN_SEGMENT_MS);
        this.factory = factory;
    }

    /**
     * Notes {@code time} as observed, drops the segments the retention has left behind, and answers
     * whether {@code time} itself is still within the retention (what may be put).
     */
    public boolean observe(long time) {
        observedTime = Math.max(observedTime, time);
        long minLive = minLiveTime();
        long firstLive = segmentOf(minLive);
        if (firstLive > firstLiveSegment) {
            segments.headMap(firstLive).clear();
            firstLiveSegment = firstLive;
            last = null;
        }
        return time >= minLive;
    }

    /** The oldest time within the retention of the newest observed (every time before any is observed). */
    public long minLiveTime() {
        return observedTime == Long.MIN_VALUE ? Long.MIN_VALUE : observedTime - retentionMs + 1;
    }

    /** The segment of {@code time}, made when it has none yet. */
    public S segmentFor(long time) {
        return segment(segmentOf(time), true);
    }

    /** The segment of {@code time}, or null when it has none. */
    public S existing(long time) {
        return segment(segmentOf(time), false);
    }

    /** The segments that may hold times in {@code [fromMs, toMs]}, oldest first. */
    public Collection<S> between(long fromMs, long toMs) {
        return segments.subMap(segmentOf(fromMs), true, segmentOf(toMs), true).values();
    }

    /** Every segment held, oldest first. */
    public Collection<S> all() {
        return segments.values();
    }

    /** Forgets every segment and the times observed. */
    public void clear() {
        segments.clear();
        last = null;
        firstLiveSegment = Long.MIN_VALUE;
        observedTime = Long.MIN_VALUE;
    }

    private S segment(long id, boolean create) {
        if (last == null || lastId != id) {
            S segment = create ? segments.computeIfAbsent(id, any -> factory.get()) : segments.get(id);
            if (segment == null) {
                return null;
            }
            last = segment;
            lastId = id;
        }
        return last;
    }

    private long segmentOf(long time) {
        return Math.floorDiv(time, segmentMs);
    }
}
