package io.gatewatch.serde.codec;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.TemperatureReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ScreeningAlert} in Avro binary, in the order of {@code ScreeningAlert.avsc}, byte for byte
 * what Avro's specific writer produces and reads (an array as one block and its terminating 0, as
 * Avro writes it; blocks with a negative count and a byte size read as Avro reads them). Every scan
 * with an implausible reading raises a DEVICE_FAULT alert, so in cold weather alerts are hot records
 * too (15 % of scans in the harness's winter scenario). Used by {@link CodecSerde} only for bytes
 * written with exactly {@link ScreeningAlert#SCHEMA$}.
 */
final class ScreeningAlertCodec implements RecordCodec<ScreeningAlert> {
    static final ScreeningAlertCodec INSTANCE = new ScreeningAlertCodec();

    private static final AlertType[] TYPES = AlertType.values();
    private static final Severity[] SEVERITIES = Severity.values();
    private static final ScanSource[] SOURCES = ScanSource.values();

    private ScreeningAlertCodec() {}

    @Override
    public Class<ScreeningAlert> type() {
        return ScreeningAlert.class;
    }

    @Override
    public void write(AvroBinaryWriter out, ScreeningAlert alert) {
        out.writeString(alert.getAlertId());
        out.writeInt(alert.getType().ordinal());
        out.writeInt(alert.getSeverity().ordinal());
        out.writeString(alert.getRule());
        out.writeString(alert.getEventId());
        out.writeInt(alert.getSource().ordinal());
        out.writeString(alert.getDeviceId());
        out.writeString(alert.getCheckpointId());
        out.writeString(alert.getVillageCode());
        out.writeOptionalString(alert.getPersonToken());
        out.writeOptionalDouble(alert.getTemperatureCelsius());
        ScanEventCodec.writeOptionalReading(out, alert.getRawTemperature());
        ScanEventCodec.writeOptionalColour(out, alert.getHealthCode());
        List<String> related = alert.getRelatedCheckpoints();
        if (!related.isEmpty()) {
            out.writeLong(related.size());
            for (String checkpoint : related) {
                out.writeString(checkpoint);
            }
        }
        out.writeLong(0);
        out.writeLong(alert.getScannedAt().toEpochMilli());
        out.writeLong(alert.getDetectedAt().toEpochMilli());
    }

    @Override
    public ScreeningAlert read(AvroBinaryReader in) {
        String alertId = in.readString();
        AlertType type = TYPES[in.readIndex(TYPES.length, "type")];
        Severity severity = SEVERITIES[in.readIndex(SEVERITIES.length, "severity")];
        String rule = in.readString();
        String eventId = in.readString();
        ScanSource source = SOURCES[in.readIndex(SOURCES.length, "source")];
        String deviceId = in.readString();
        String checkpointId = in.readString();
        String villageCode = in.readString();
        String personToken = in.readOptionalString("personToken");
        Double celsius = in.readOptionalDouble("temperatureCelsius");
        TemperatureReading raw = ScanEventCodec.readOptionalReading(in, "rawTemperature");
        HealthCodeColour healthCode = ScanEventCodec.readOptionalColour(in, "healthCode");
        List<String> related = new ArrayList<>(0);
        for (int block = in.readBlockCount("relatedCheckpoints"); block > 0; block = in.readBlockCount("relatedCheckpoints")) {
            for (int i = 0; i < block; i++) {
                related.add(in.readString());
            }
        }
        Instant scannedAt = Instant.ofEpochMilli(in.readLong());
        Instant detectedAt = Instant.ofEpochMilli(in.readLong());
        return new ScreeningAlert(alertId, type, severity, rule, eventId, source, deviceId, checkpointId, villageCode, personToken,
                celsius, raw, healthCode, related, scannedAt, detectedAt);
    }
}
