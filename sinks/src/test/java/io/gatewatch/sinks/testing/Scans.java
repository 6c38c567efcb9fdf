package io.gatewatch.sinks.testing;

import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import java.time.Instant;

/** Test data builder: {@code aScan().fromDevice("D1").inVillage("110101001001").at(T0).build()}. */
public final class Scans {
    private String eventId = "E1";
    private String deviceId = "D1";
    private String villageCode = "110101001001";
    private Instant scannedAt = Alerts.T0;

    private Scans() {}

    public static Scans aScan() {
        return new Scans();
    }

    public Scans withId(String eventId) {
        this.eventId = eventId;
        return this;
    }

    public Scans fromDevice(String deviceId) {
        this.deviceId = deviceId;
        return this;
    }

    public Scans inVillage(String villageCode) {
        this.villageCode = villageCode;
        return this;
    }

    public Scans at(Instant scannedAt) {
        this.scannedAt = scannedAt;
        return this;
    }

    public ScanEvent build() {
        return ScanEvent.newBuilder()
                .setEventId(eventId)
                .setSource(ScanSource.GATE_DEVICE)
                .setDeviceId(deviceId)
                .setVillageCode(villageCode)
                .setPersonToken("tok-" + eventId)
                .setScannedAt(scannedAt)
                .build();
    }
}
