package io.gatewatch.streams.screening;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One device's readings in one fault-rate window: how many, how many implausible, and whether the
 * window already raised its DEVICE_FAULT_RATE alert (at most one per device and window).
 * Stored in {@link ScreeningNames#FAULT_RATE_STORE} with a versioned 10-byte encoding
 * (internal format: version, readings, implausible, alerted).
 */
record FaultTally(int readings, int implausible, boolean alerted) {
    static final FaultTally EMPTY = new FaultTally(0, 0, false);
    private static final byte VERSION = 1;
    private static final int SIZE = 10;

    FaultTally add(boolean isImplausible) {
        return new FaultTally(readings + 1, implausible + (isImplausible ? 1 : 0), alerted);
    }

    FaultTally markAlerted() {
        return new FaultTally(readings, implausible, true);
    }

    /** True when the implausible share reaches {@code threshold} (a tiny epsilon absorbs 0.3 * 10 = 3.0000000000000004). */
    boolean rateAtLeast(double threshold) {
        return readings > 0 && (double) implausible / readings + 1e-9 >= threshold;
    }

    static Serde<FaultTally> serde() {
        Serializer<FaultTally> serializer = (topic, tally) -> tally == null ? null : ByteBuffer.allocate(SIZE)
                .put(VERSION).putInt(tally.readings).putInt(tally.implausible).put((byte) (tally.alerted ? 1 : 0)).array();
        Deserializer<FaultTally> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != SIZE || bytes[0] != VERSION) {
                throw new SerializationException("Unknown fault tally encoding in " + topic);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, SIZE - 1);
            return new FaultTally(buffer.getInt(), buffer.getInt(), buffer.get() == 1);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
