package io.gatewatch.serde.codec;

import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.TemperatureStatus;
import java.time.Instant;

/**
 * {@link ScreenedScan} in Avro binary, in the order of {@code ScreenedScan.avsc} (the nested scan
 * through {@link ScanEventCodec}), byte for byte what Avro's specific writer produces and reads.
 * Used by {@link CodecSerde} only for bytes written with exactly {@link ScreenedScan#SCHEMA$}.
 */
final class ScreenedScanCodec implements RecordCodec<ScreenedScan> {
    static final ScreenedScanCodec INSTANCE = new ScreenedScanCodec();

    private static final TemperatureStatus[] STATUSES = TemperatureStatus.values();

    private ScreenedScanCodec() {}

    @Override
    public Class<ScreenedScan> type() {
        return ScreenedScan.class;
    }

    @Override
    public void write(AvroBinaryWriter out, ScreenedScan screened) {
        ScanEventCodec.INSTANCE.write(out, screened.getScan());
        out.writeString(screened.getCheckpointId());
        out.writeString(screened.getVillageCode());
        out.writeOptionalDouble(screened.getTemperatureCelsius());
        out.writeInt(screened.getTemperatureStatus().ordinal());
        out.writeBoolean(screened.getDeviceFault());
        out.writeLong(screened.getScreenedAt().toEpochMilli());
    }

    @Override
    public ScreenedScan read(AvroBinaryReader in) {
        ScanEvent scan = ScanEventCodec.INSTANCE.read(in);
        String checkpointId = in.readString();
        String villageCode = in.readString();
        Double celsius = in.readOptionalDouble("temperatureCelsius");
        TemperatureStatus status = STATUSES[in.readIndex(STATUSES.length, "temperatureStatus")];
        boolean deviceFault = in.readBoolean();
        Instant screenedAt = Instant.ofEpochMilli(in.readLong());
        return new ScreenedScan(scan, checkpointId, villageCode, celsius, status, deviceFault, screenedAt);
    }
}
