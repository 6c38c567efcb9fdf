package io.gatewatch.schema.testing;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.TemperatureStatus;
import java.time.Instant;

/**
 * {@link ScreenedScan}s as the screening topology emits them, for the tests of what reads them:
 * {@code aScreenedScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p1").withFever().at(t).build()}.
 *
 * <p>Defaults: {@link ScanEventBuilder#aScan()} with a green code, screened NORMAL at 36.5 °C, no device
 * fault, screened at the scan's time; checkpoint and village are the scan's. An unreadable code is
 * a device fault, as the classifier says.
 */
public final class ScreenedScanBuilder {
    private final ScanEventBuilder scan;
    private TemperatureStatus status = TemperatureStatus.NORMAL;
    private Double celsius = 36.5;
    private boolean deviceFault;
    private Instant screenedAt;

    private ScreenedScanBuilder(ScanEventBuilder scan) {
        this.scan = scan;
    }

    public static ScreenedScanBuilder aScreenedScan() {
        return screened(ScanEventBuilder.aScan().withCode(HealthCodeColour.GREEN));
    }

    /** The screening of the scan {@code scan} will build. */
    public static ScreenedScanBuilder screened(ScanEventBuilder scan) {
        return new ScreenedScanBuilder(scan);
    }

    public ScreenedScanBuilder withEventId(String eventId) {
        scan.withEventId(eventId);
        return this;
    }

    public ScreenedScanBuilder from(ScanSource source) {
        scan.from(source);
        return this;
    }

    public ScreenedScanBuilder fromDevice(String deviceId) {
        scan.fromDevice(deviceId);
        return this;
    }

    public ScreenedScanBuilder atCheckpoint(String checkpointId) {
        scan.atCheckpoint(checkpointId);
        return this;
    }

    public ScreenedScanBuilder inVillage(String villageCode) {
        scan.inVillage(villageCode);
        return this;
    }

    public ScreenedScanBuilder withPersonToken(String token) {
        scan.withPersonToken(token);
        return this;
    }

    public ScreenedScanBuilder withoutPerson() {
        scan.withoutPerson();
        return this;
    }

    public ScreenedScanBuilder asVisitor() {
        scan.asVisitor();
        return this;
    }

    public ScreenedScanBuilder inVehicle(String plate) {
        scan.inVehicle(plate);
        return this;
    }

    public ScreenedScanBuilder withCode(HealthCodeColour colour) {
        scan.withCode(colour);
        if (colour == HealthCodeColour.UNREADABLE) {
            deviceFault = true;
        }
        return this;
    }

    public ScreenedScanBuilder at(Instant scannedAt) {
        scan.at(scannedAt);
        return this;
    }

    /** The calibrated temperature and the status screening gave it. */
    public ScreenedScanBuilder screenedAs(TemperatureStatus status, Double celsius) {
        this.status = status;
        this.celsius = celsius;
        return this;
    }

    public ScreenedScanBuilder withFever() {
        return screenedAs(TemperatureStatus.FEVER, 38.1);
    }

    /** An implausibly cold reading: a device fault. */
    public ScreenedScanBuilder withImplausibleReading() {
        deviceFault = true;
        return screenedAs(TemperatureStatus.IMPLAUSIBLE, 31.0);
    }

    public ScreenedScanBuilder withoutReading() {
        return screenedAs(TemperatureStatus.NO_READING, null);
    }

    public ScreenedScanBuilder screenedAt(Instant when) {
        this.screenedAt = when;
        return this;
    }

    public ScreenedScan build() {
        ScanEvent built = scan.build();
        return ScreenedScan.newBuilder()
                .setScan(built)
                .setCheckpointId(built.getCheckpointId())
                .setVillageCode(built.getVillageCode())
                .setTemperatureCelsius(celsius)
                .setTemperatureStatus(status)
                .setDeviceFault(deviceFault)
                .setScreenedAt(screenedAt != null ? screenedAt : built.getScannedAt())
                .build();
    }
}
