package io.gatewatch.streams.counts;

import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.TemperatureStatus;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Screened scans that read like the domain: {@code aScan().atGate("G1").inVillage(V1).by("p1").withFever().at(t).build()}. */
final class ScreenedScanBuilder {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private String deviceId = "dev-1";
    private String checkpointId = "G1";
    private String villageCode = "110105001001";
    private String personToken = "person-1";
    private ScanSource source = ScanSource.GATE_DEVICE;
    private PersonKind personKind = PersonKind.RESIDENT;
    private String vehiclePlate;
    private HealthCodeColour healthCode = HealthCodeColour.GREEN;
    private TemperatureStatus status = TemperatureStatus.NORMAL;
    private Double celsius = 36.5;
    private boolean deviceFault;
    private Instant scannedAt = Instant.parse("2024-03-10T02:00:00Z");

    static ScreenedScanBuilder aScan() {
        return new ScreenedScanBuilder();
    }

    ScreenedScanBuilder atGate(String checkpointId) {
        this.checkpointId = checkpointId;
        return this;
    }

    ScreenedScanBuilder fromDevice(String deviceId) {
        this.deviceId = deviceId;
        return this;
    }

    ScreenedScanBuilder inVillage(String villageCode) {
        this.villageCode = villageCode;
        return this;
    }

    ScreenedScanBuilder by(String personToken) {
        this.personToken = personToken;
        return this;
    }

    ScreenedScanBuilder withoutIdentity() {
        this.personToken = null;
        return this;
    }

    ScreenedScanBuilder from(ScanSource source) {
        this.source = source;
        return this;
    }

    ScreenedScanBuilder ofVisitor() {
        this.personKind = PersonKind.VISITOR;
        return this;
    }

    ScreenedScanBuilder inVehicle(String plate) {
        this.vehiclePlate = plate;
        return this;
    }

    ScreenedScanBuilder withCode(HealthCodeColour colour) {
        this.healthCode = colour;
        if (colour == HealthCodeColour.UNREADABLE) {
            this.deviceFault = true;
        }
        return this;
    }

    ScreenedScanBuilder withFever() {
        this.status = TemperatureStatus.FEVER;
        this.celsius = 38.1;
        return this;
    }

    ScreenedScanBuilder withImplausibleReading() {
        this.status = TemperatureStatus.IMPLAUSIBLE;
        this.celsius = 31.0;
        this.deviceFault = true;
        return this;
    }

    ScreenedScanBuilder withoutReading() {
        this.status = TemperatureStatus.NO_READING;
        this.celsius = null;
        return this;
    }

    ScreenedScanBuilder at(Instant scannedAt) {
        this.scannedAt = scannedAt;
        return this;
    }

    ScreenedScan build() {
        ScanEvent scan = ScanEvent.newBuilder()
                .setEventId("evt-" + SEQUENCE.incrementAndGet())
                .setSource(source)
                .setDeviceId(deviceId)
                .setCheckpointId(checkpointId)
                .setVillageCode(villageCode)
                .setDirection(Direction.IN)
                .setPersonToken(personToken)
                .setPersonKind(personKind)
                .setVehiclePlate(vehiclePlate)
                .setScannedAt(scannedAt)
                .setHealthCode(healthCode)
                .build();
        return ScreenedScan.newBuilder()
                .setScan(scan)
                .setCheckpointId(checkpointId)
                .setVillageCode(villageCode)
                .setTemperatureCelsius(celsius)
                .setTemperatureStatus(status)
                .setDeviceFault(deviceFault)
                .setScreenedAt(scannedAt)
                .build();
    }
}
