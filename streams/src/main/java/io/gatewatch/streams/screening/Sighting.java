package io.gatewatch.streams.screening;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Where and when a person was seen: what the observation rules need of a screened scan, and no
 * more. A GATE_DEVICE sighting may breach a home observation; a PHONE_APP or STAFF_ENTRY sighting
 * is a check-in report. The person token is the record key (of
 * {@link ScreeningNames#SIGHTINGS_BY_PERSON} and of {@link ScreeningNames#OBSERVATION_SIGHTINGS_STORE}),
 * not a field.
 *
 * <p>{@link #SERDE} is an internal format (the repartition topic and the store are read only by
 * this application): a version byte, then the fields in declaration order, strings as
 * length-prefixed UTF-8, absent values as a zero marker. About 120 bytes for a typical scan, a
 * quarter of the screened scan it is cut from.
 */
record Sighting(String eventId, ScanSource source, String deviceId, String checkpointId, String villageCode,
                long scannedAtMs, Double temperatureCelsius, HealthCodeColour healthCode) {
    static final Serde<Sighting> SERDE = Serdes.serdeFrom(new Encoder(), new Decoder());
    private static final byte VERSION = 1;

    Sighting {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(checkpointId, "checkpointId");
        Objects.requireNonNull(villageCode, "villageCode");
    }

    /** The sighting of {@code screened}. */
    static Sighting of(ScreenedScan screened) {
        ScanEvent scan = screened.getScan();
        return new Sighting(scan.getEventId(), scan.getSource(), scan.getDeviceId(), screened.getCheckpointId(),
                screened.getVillageCode(), scan.getScannedAt().toEpochMilli(), screened.getTemperatureCelsius(),
                scan.getHealthCode());
    }

    /** Whether a scan from {@code source} is a sighting: a gate passage or a check-in report. */
    static boolean isSighting(ScanSource source) {
        return source == ScanSource.GATE_DEVICE || isReport(source);
    }

    /** Whether a scan from {@code source} reports a person's temperature for a check-in. */
    static boolean isReport(ScanSource source) {
        return source == ScanSource.PHONE_APP || source == ScanSource.STAFF_ENTRY;
    }

    boolean atGate() {
        return source == ScanSource.GATE_DEVICE;
    }

    boolean isReport() {
        return isReport(source);
    }

    private static final class Encoder implements Serializer<Sighting> {
        @Override
        public byte[] serialize(String topic, Sighting sighting) {
            if (sighting == null) {
                return null;
            }
            byte[][] strings = {utf8(sighting.eventId), utf8(sighting.source.name()), utf8(sighting.deviceId),
                    utf8(sighting.checkpointId), utf8(sighting.villageCode),
                    utf8(sighting.healthCode == null ? "" : sighting.healthCode.name())};
            int size = 1 + 8 + 1 + 8;
            for (byte[] string : strings) {
                size += 2 + string.length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(size).put(VERSION);
            for (byte[] string : strings) {
                buffer.putShort((short) string.length).put(string);
            }
            buffer.putLong(sighting.scannedAtMs);
            buffer.put((byte) (sighting.temperatureCelsius == null ? 0 : 1));
            buffer.putDouble(sighting.temperatureCelsius == null ? 0 : sighting.temperatureCelsius);
            return buffer.array();
        }

        private static byte[] utf8(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > Short.MAX_VALUE) {
                throw new SerializationException("sighting field longer than " + Short.MAX_VALUE + " bytes");
            }
            return bytes;
        }
    }

    private static final class Decoder implements Deserializer<Sighting> {
        @Override
        public Sighting deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                if (buffer.get() != VERSION) {
                    throw new SerializationException("Unknown sighting encoding version in " + topic);
                }
                String eventId = string(buffer);
                ScanSource source = ScanSource.valueOf(string(buffer));
                String deviceId = string(buffer);
                String checkpointId = string(buffer);
                String villageCode = string(buffer);
                String code = string(buffer);
                long scannedAt = buffer.getLong();
                boolean hasTemperature = buffer.get() != 0;
                double temperature = buffer.getDouble();
                return new Sighting(eventId, source, deviceId, checkpointId, villageCode, scannedAt,
                        hasTemperature ? temperature : null, code.isEmpty() ? null : HealthCodeColour.valueOf(code));
            } catch (RuntimeException e) {
                throw new SerializationException("Unreadable sighting in " + topic, e);
            }
        }

        private static String string(ByteBuffer buffer) {
            int length = buffer.getShort();
            String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return value;
        }
    }
}
