package io.gatewatch.streams.screening;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * The fault-rate tallies of one bucket of devices in one window: the unit
 * {@link ScreeningNames#FAULT_RATE_STORE} keeps and its changelog carries, so a commit writes one
 * record per bucket that changed instead of one per device (a gate sees a reading every few seconds,
 * so with 100 ms commits nearly every reading was a changelog record of its own).
 *
 * <p>Key: the window start (8 bytes, big-endian) and the bucket ({@link #BUCKETS} of them, by the
 * device id's {@link String#hashCode}, which Java specifies). Value, versioned: the entry count, then
 * per device its id (UTF-8, 2-byte length), readings, implausible readings and whether the window's
 * alert was raised. Mutable and held by reference under a {@link io.gatewatch.streams.common.WriteBehindStore}:
 * whoever changes it puts it again.
 */
final class FaultTallies {
    static final int BUCKETS = 16;
    private static final byte VERSION = 1;
    private static final int MIN_ENTRY_BYTES = 2 + 4 + 4 + 1;

    private final Map<String, FaultTally> byDevice;

    FaultTallies() {
        this(new HashMap<>());
    }

    private FaultTallies(Map<String, FaultTally> byDevice) {
        this.byDevice = byDevice;
    }

    FaultTally get(String deviceId) {
        return byDevice.getOrDefault(deviceId, FaultTally.EMPTY);
    }

    void put(String deviceId, FaultTally tally) {
        byDevice.put(deviceId, tally);
    }

    int devices() {
        return byDevice.size();
    }

    /** The store key of {@code deviceId}'s bucket in the window starting at {@code windowStart}. */
    static Bytes key(long windowStart, String deviceId) {
        return key(windowStart, Math.floorMod(deviceId.hashCode(), BUCKETS));
    }

    static Bytes key(long windowStart, int bucket) {
        return Bytes.wrap(ByteBuffer.allocate(9).putLong(windowStart).put((byte) bucket).array());
    }

    static long windowStartOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static Serde<FaultTallies> serde() {
        Serializer<FaultTallies> serializer = (topic, tallies) -> tallies == null ? null : encode(tallies);
        Deserializer<FaultTallies> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes, topic);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] encode(FaultTallies tallies) {
        int size = 1 + 4;
        Map<String, byte[]> ids = new HashMap<>(tallies.byDevice.size() * 2);
        for (String deviceId : tallies.byDevice.keySet()) {
            byte[] id = deviceId.getBytes(StandardCharsets.UTF_8);
            if (id.length > Short.MAX_VALUE) {
                throw new SerializationException("device id longer than " + Short.MAX_VALUE + " bytes");
            }
            ids.put(deviceId, id);
            size += MIN_ENTRY_BYTES + id.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(VERSION).putInt(tallies.byDevice.size());
        tallies.byDevice.forEach((deviceId, tally) -> {
            byte[] id = ids.get(deviceId);
            out.putShort((short) id.length).put(id).putInt(tally.readings()).putInt(tally.implausible())
                    .put((byte) (tally.alerted() ? 1 : 0));
        });
        return out.array();
    }

    /** Every count and length is checked against the bytes left before anything is allocated for it. */
    private static FaultTallies decode(byte[] bytes, String topic) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                throw new SerializationException("Unknown fault tallies encoding in " + topic);
            }
            int count = in.getInt();
            if (count < 0 || count > in.remaining() / MIN_ENTRY_BYTES) {
                throw new SerializationException("Corrupt fault tallies in " + topic + ": " + count + " entries");
            }
            Map<String, FaultTally> byDevice = new HashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                int length = in.getShort();
                if (length < 0 || length > in.remaining()) {
                    throw new SerializationException("Corrupt fault tallies in " + topic + ": device id of " + length + " bytes");
                }
                byte[] id = new byte[length];
                in.get(id);
                byDevice.put(new String(id, StandardCharsets.UTF_8), new FaultTally(in.getInt(), in.getInt(), in.get() == 1));
            }
            if (in.hasRemaining()) {
                throw new SerializationException("Corrupt fault tallies in " + topic + ": trailing bytes");
            }
            return new FaultTallies(byDevice);
        } catch (BufferUnderflowException e) {
            throw new SerializationException("Truncated fault tallies in " + topic, e);
        }
    }
}
