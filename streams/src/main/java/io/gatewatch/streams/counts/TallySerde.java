package io.gatewatch.streams.counts;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Stored form of a {@link Tally} in the window store and its changelog: a format byte, a field
 * count, then that many big-endian longs in {@link Tally#toArray()} order. Fields are only ever
 * appended: a reader fills fields it does not find with 0 and ignores fields it does not know, so
 * state survives an upgrade that adds a measure and a rollback from it. Internal state, not a
 * contract topic, hence not Avro: it needs no registry round trip on every store access.
 */
final class TallySerde implements Serde<Tally> {
    private static final byte FORMAT = 1;

    @Override
    public Serializer<Tally> serializer() {
        return (topic, tally) -> {
            if (tally == null) {
                return null;
            }
            long[] values = tally.toArray();
            ByteBuffer buffer = ByteBuffer.allocate(1 + Short.BYTES + values.length * Long.BYTES).put(FORMAT).putShort((short) values.length);
            for (long value : values) {
                buffer.putLong(value);
            }
            return buffer.array();
        };
    }

    @Override
    public Deserializer<Tally> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte format = buffer.get();
            if (format != FORMAT) {
                throw new SerializationException("unknown tally format " + format + " in " + topic);
            }
            int count = buffer.getShort();
            long[] values = new long[count];
            for (int i = 0; i < count; i++) {
                values[i] = buffer.getLong();
            }
            return Tally.fromArray(values);
        };
    }
}
