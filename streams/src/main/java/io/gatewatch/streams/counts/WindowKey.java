package io.gatewatch.streams.counts;

import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.WindowSize;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;

/**
 * Binary keys of the counts stores, laid out so that byte order is the order the processor needs:
 * {@code [size][windowStart][level][areaCode]} for a window, and the same followed by
 * {@code 0x00 [personToken]} for a person seen in it.
 *
 * <p>Window size first and the start as a sign-flipped big-endian long make a prefix scan over one
 * size return windows oldest first, so closing stops at the first window still open; every person
 * of all windows of one (size, start) shares a 9-byte prefix, so they are removed together when
 * those windows close. Sizes and levels are stored as fixed letters, not enum ordinals, so
 * reordering Avro symbols can never reinterpret stored state. Internal: not a contract.
 */
record WindowKey(WindowSize size, long windowStart, AreaLevel level, String areaCode) {
    private static final int WINDOW_PREFIX_BYTES = 1 + Long.BYTES;
    private static final byte PERSON_SEPARATOR = 0;

    Bytes toBytes() {
        byte[] area = areaCode.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(WINDOW_PREFIX_BYTES + 1 + area.length)
                .put(sizeCode(size)).putLong(windowStart ^ Long.MIN_VALUE).put(levelCode(level)).put(area).array());
    }

    Bytes personKey(String personToken) {
        byte[] area = areaCode.getBytes(StandardCharsets.UTF_8);
        byte[] token = personToken.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(WINDOW_PREFIX_BYTES + 1 + area.length + 1 + token.length)
                .put(sizeCode(size)).putLong(windowStart ^ Long.MIN_VALUE).put(levelCode(level)).put(area)
                .put(PERSON_SEPARATOR).put(token).array());
    }

    static WindowKey fromBytes(Bytes bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes.get());
        WindowSize size = sizeOf(buffer.get());
        long start = buffer.getLong() ^ Long.MIN_VALUE;
        AreaLevel level = levelOf(buffer.get());
        String area = new String(bytes.get(), buffer.position(), buffer.remaining(), StandardCharsets.UTF_8);
        return new WindowKey(size, start, level, area);
    }

    /** Prefix of every window (and person) key of one window size. */
    static Bytes sizePrefix(WindowSize size) {
        return Bytes.wrap(new byte[] {sizeCode(size)});
    }

    /** Prefix of every person key of every area for one (size, start). */
    static Bytes windowPrefix(WindowSize size, long windowStart) {
        return Bytes.wrap(ByteBuffer.allocate(WINDOW_PREFIX_BYTES).put(sizeCode(size)).putLong(windowStart ^ Long.MIN_VALUE).array());
    }

    AreaCountKey toAreaCountKey() {
        return AreaCountKey.newBuilder()
                .setLevel(level).setAreaCode(areaCode).setWindow(size).setWindowStart(Instant.ofEpochMilli(windowStart))
                .build();
    }

    private static byte sizeCode(WindowSize size) {
        return switch (size) {
            case HOUR -> 'H';
            case DAY -> 'D';
        };
    }

    private static WindowSize sizeOf(byte code) {
        return switch (code) {
            case 'H' -> WindowSize.HOUR;
            case 'D' -> WindowSize.DAY;
            default -> throw new IllegalStateException("unknown window size code " + code + " in a counts store key");
        };
    }

    private static byte levelCode(AreaLevel level) {
        return switch (level) {
            case CHECKPOINT -> 'C';
            case VILLAGE -> 'V';
            case TOWNSHIP -> 'T';
            case COUNTY -> 'K';
        };
    }

    private static AreaLevel levelOf(byte code) {
        return switch (code) {
            case 'C' -> AreaLevel.CHECKPOINT;
            case 'V' -> AreaLevel.VILLAGE;
            case 'T' -> AreaLevel.TOWNSHIP;
            case 'K' -> AreaLevel.COUNTY;
            default -> throw new IllegalStateException("unknown area level code " + code + " in a counts store key");
        };
    }
}
