package io.gatewatch.streams.screening.testsupport;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.DeviceKind;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;

/** Device registrations: {@code aDevice("D1").atCheckpoint("G1").inVillage(V1).calibratedBy(0.2).build()}. */
public final class DeviceBuilder {
    public static final String VILLAGE_1 = "330106001001";
    public static final String VILLAGE_2 = "330106001002";

    private final DeviceRegistration.Builder device = DeviceRegistration.newBuilder()
            .setKind(DeviceKind.COMBINED)
            .setBodySite(BodySite.FOREHEAD)
            .setUnit(TemperatureUnit.CELSIUS)
            .setCalibrationOffsetCelsius(0.0)
            .setVillageCode(VILLAGE_1)
            .setUpdatedAt(Instant.parse("2024-01-01T00:00:00Z"));

    private DeviceBuilder(String deviceId) {
        device.setDeviceId(deviceId).setCheckpointId("checkpoint-of-" + deviceId);
    }

    public static DeviceBuilder aDevice(String deviceId) {
        return new DeviceBuilder(deviceId);
    }

    public DeviceBuilder atCheckpoint(String checkpointId) {
        device.setCheckpointId(checkpointId);
        return this;
    }

    public DeviceBuilder inVillage(String villageCode) {
        device.setVillageCode(villageCode);
        return this;
    }

    public DeviceBuilder calibratedBy(double offsetCelsius) {
        device.setCalibrationOffsetCelsius(offsetCelsius);
        return this;
    }

    public DeviceBuilder reportingIn(TemperatureUnit unit) {
        device.setUnit(unit);
        return this;
    }

    public DeviceBuilder retired() {
        device.setRetired(true);
        return this;
    }

    public DeviceRegistration build() {
        return device.build();
    }
}
