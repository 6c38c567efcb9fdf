package io.gatewatch.serde.codec;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;

/**
 * {@link ScanEvent} in Avro binary, field by field in the order of {@code ScanEvent.avsc}, byte for
 * byte what Avro's specific writer produces and reads. The registered schema stays the contract:
 * {@link CodecSerde} uses this only for bytes whose writer schema is exactly {@link ScanEvent#SCHEMA$}
 * and lets Avro resolve every other version. If the schema changes, this class must change with it
 * ({@code ScanEventCodecTest} compares both ways against Avro's own reader and writer).
 */
final class ScanEventCodec implements RecordCodec<ScanEvent> {
    static final ScanEventCodec INSTANCE = new ScanEventCodec();

    private static final ScanSource[] SOURCES = ScanSource.values();
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final PersonKind[] PERSON_KINDS = PersonKind.values();
    private static final TemperatureUnit[] UNITS = TemperatureUnit.values();
    private static final BodySite[] BODY_SITES = BodySite.values();
    private static final HealthCodeColour[] COLOURS = HealthCodeColour.values();

    private ScanEventCodec() {}

    @Override
    public Class<ScanEvent> type() {
        return ScanEvent.class;
    }

    @Override
    public void write(AvroBinaryWriter out, ScanEvent scan) {
        out.writeString(scan.getEventId());
        out.writeInt(scan.getSource().ordinal());
        out.writeString(scan.getDeviceId());
        out.writeOptionalString(scan.getCheckpointId());
        out.writeOptionalString(scan.getVillageCode());
        out.writeInt(scan.getDirection().ordinal());
        out.writeOptionalString(scan.getPersonToken());
        out.writeInt(scan.getPersonKind().ordinal());
        out.writeOptionalString(scan.getVehiclePlate());
        out.writeLong(scan.getScannedAt().toEpochMilli());
        writeOptionalReading(out, scan.getTemperature());
        writeOptionalColour(out, scan.getHealthCode());
        Integer testAge = scan.getTestResultAgeHours();
        if (out.writePresence(testAge)) {
            out.writeInt(testAge);
        }
    }

    @Override
    public ScanEvent read(AvroBinaryReader in) {
        String eventId = in.readString();
        ScanSource source = SOURCES[in.readIndex(SOURCES.length, "source")];
        String deviceId = in.readString();
        String checkpointId = in.readOptionalString("checkpointId");
        String villageCode = in.readOptionalString("villageCode");
        Direction direction = DIRECTIONS[in.readIndex(DIRECTIONS.length, "direction")];
        String personToken = in.readOptionalString("personToken");
        PersonKind personKind = PERSON_KINDS[in.readIndex(PERSON_KINDS.length, "personKind")];
        String vehiclePlate = in.readOptionalString("vehiclePlate");
        Instant scannedAt = Instant.ofEpochMilli(in.readLong());
        TemperatureReading temperature = readOptionalReading(in, "temperature");
        HealthCodeColour healthCode = readOptionalColour(in, "healthCode");
        Integer testAge = in.readPresent("testResultAgeHours") ? in.readInt() : null;
        return new ScanEvent(eventId, source, deviceId, checkpointId, villageCode, direction, personToken, personKind,
                vehiclePlate, scannedAt, temperature, healthCode, testAge);
    }

    /** A {@code ["null", TemperatureReading]} union (the scan's reading, an alert's raw reading). */
    static void writeOptionalReading(AvroBinaryWriter out, TemperatureReading reading) {
        if (out.writePresence(reading)) {
            out.writeDouble(reading.getValue());
            out.writeInt(reading.getUnit().ordinal());
            out.writeInt(reading.getBodySite().ordinal());
            out.writeOptionalDouble(reading.getAmbientCelsius());
        }
    }

    /** A {@code ["null", HealthCodeColour]} union (the scan's health code, an alert's). */
    static void writeOptionalColour(AvroBinaryWriter out, HealthCodeColour colour) {
        if (out.writePresence(colour)) {
            out.writeInt(colour.ordinal());
        }
    }

    static HealthCodeColour readOptionalColour(AvroBinaryReader in, String field) {
        return in.readPresent(field) ? COLOURS[in.readIndex(COLOURS.length, field)] : null;
    }

    static TemperatureReading readOptionalReading(AvroBinaryReader in, String field) {
        if (!in.readPresent(field)) {
            return null;
        }
        double value = in.readDouble();
        TemperatureUnit unit = UNITS[in.readIndex(UNITS.length, field + ".unit")];
        BodySite site = BODY_SITES[in.readIndex(BODY_SITES.length, field + ".bodySite")];
        Double ambient = in.readOptionalDouble(field + ".ambientCelsius");
        return new TemperatureReading(value, unit, site, ambient);
    }
}
