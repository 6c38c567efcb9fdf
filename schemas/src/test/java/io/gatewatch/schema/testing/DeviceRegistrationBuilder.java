package io.gatewatch.schema.testing;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.CheckpointKind;
import io.gatewatch.schema.DeviceKind;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;

/**
 * Device registrations: {@code aDevice("D1").atCheckpoint("G1").inVillage(V1).calibratedBy(0.2).build()}.
 * Defaults: a combined gate device at checkpoint "checkpoint-of-&lt;id&gt;" in {@link ScanEventBuilder#VILLAGE},
 * measuring the forehead in °C, uncalibrated, registered at 2024-01-01T00:00:00Z.
 */
public final class DeviceRegistrationBuilder {
    private final DeviceRegistration.Builder device = DeviceRegistration.newBuilder()
            .setKind(DeviceKind.COMBINED)
            .setBodySite(BodySite.FOREHEAD)
            .setUnit(TemperatureUnit.CELSIUS)
            .setCalibrationOffsetCelsius(0.0)
            .setVillageCode(ScanEventBuilder.VILLAGE)
            .setUpdatedAt(Instant.parse("2024-01-01T00:00:00Z"));

    private DeviceRegistrationBuilder(String deviceId) {
        device.setDeviceId(deviceId).setCheckpointId("checkpoint-of-" + deviceId);
    }

    public static DeviceRegistrationBuilder aDevice(String deviceId) {
        return new DeviceRegistrationBuilder(deviceId);
    }

    public DeviceRegistrationBuilder atCheckpoint(String checkpointId) {
        device.setCheckpointId(checkpointId);
        return this;
    }

    /** The checkpoint's kind (a clinic, a pharmacy) and its display name. */
    public DeviceRegistrationBuilder atCheckpoint(String checkpointId, CheckpointKind kind, String name) {
        device.setCheckpointId(checkpointId).setCheckpointKind(kind).setCheckpointName(name);
        return this;
    }

    public DeviceRegistrationBuilder inVillage(String villageCode) {
        device.setVillageCode(villageCode);
        return this;
    }

    public DeviceRegistrationBuilder ofKind(DeviceKind kind) {
        device.setKind(kind);
        return this;
    }

    public DeviceRegistrationBuilder calibratedBy(double offsetCelsius) {
        device.setCalibrationOffsetCelsius(offsetCelsius);
        return this;
    }

    public DeviceRegistrationBuilder reportingIn(TemperatureUnit unit) {
        device.setUnit(unit);
        return this;
    }

    public DeviceRegistrationBuilder measuring(BodySite site) {
        device.setBodySite(site);
        return this;
    }

    public DeviceRegistrationBuilder retired() {
        device.setRetired(true);
        return this;
    }

    public DeviceRegistrationBuilder updatedAt(Instant when) {
        device.setUpdatedAt(when);
        return this;
    }

    public DeviceRegistration build() {
        return device.build();
    }
}
