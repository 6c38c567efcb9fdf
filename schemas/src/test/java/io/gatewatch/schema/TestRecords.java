package io.gatewatch.schema;

import java.time.Instant;
import java.util.List;

/**
 * Test data builders that read like the domain:
 * {@code aScan().atGate("G1").withTemperature(37.6).withCode(HealthCodeColour.YELLOW).at(T0).build()}.
 * Every record type of the contracts has one, filled with plausible values.
 */
public final class TestRecords {
    /** 2026-03-01T08:00:00Z, 16:00 in Asia/Shanghai. */
    public static final Instant T0 = Instant.ofEpochMilli(1_772_352_000_000L);
    public static final String VILLAGE = "110105001001";

    private TestRecords() {}

    public static ScanBuilder aScan() {
        return new ScanBuilder();
    }

    /** Scan builder: a resident entering through gate G1's device at T0, no reading, no code. */
    public static final class ScanBuilder {
        private final ScanEvent.Builder scan = ScanEvent.newBuilder()
                .setEventId("D1-000001")
                .setSource(ScanSource.GATE_DEVICE)
                .setDeviceId("D1")
                .setCheckpointId("G1")
                .setVillageCode(VILLAGE)
                .setDirection(Direction.IN)
                .setPersonToken("tok-5f2c9a")
                .setPersonKind(PersonKind.RESIDENT)
                .setScannedAt(T0);

        public ScanBuilder withId(String eventId) {
            scan.setEventId(eventId);
            return this;
        }

        public ScanBuilder atGate(String checkpointId) {
            scan.setCheckpointId(checkpointId);
            return this;
        }

        public ScanBuilder fromDevice(String deviceId) {
            scan.setDeviceId(deviceId);
            return this;
        }

        public ScanBuilder withTemperature(double celsius) {
            scan.setTemperature(TemperatureReading.newBuilder().setValue(celsius).setUnit(TemperatureUnit.CELSIUS)
                    .setBodySite(BodySite.FOREHEAD).setAmbientCelsius(4.5).build());
            return this;
        }

        public ScanBuilder withPersonToken(String token) {
            scan.setPersonToken(token);
            return this;
        }

        public ScanBuilder withCode(HealthCodeColour colour) {
            scan.setHealthCode(colour);
            return this;
        }

        public ScanBuilder asVisitorInVehicle(String plate) {
            scan.setPersonKind(PersonKind.VISITOR).setVehiclePlate(plate);
            return this;
        }

        public ScanBuilder withTestResultAgeHours(int hours) {
            scan.setTestResultAgeHours(hours);
            return this;
        }

        public ScanBuilder at(Instant when) {
            scan.setScannedAt(when);
            return this;
        }

        public ScanEvent build() {
            return scan.build();
        }
    }

    public static DeviceRegistration aDeviceRegistration() {
        return DeviceRegistration.newBuilder()
                .setDeviceId("D1").setCheckpointId("G1").setVillageCode(VILLAGE)
                .setKind(DeviceKind.COMBINED).setBodySite(BodySite.WRIST).setUnit(TemperatureUnit.FAHRENHEIT)
                .setCalibrationOffsetCelsius(0.3).setUpdatedAt(T0)
                .build();
    }

    public static ScreenedScan aFeverScreenedScan() {
        return ScreenedScan.newBuilder()
                .setScan(aScan().withTemperature(38.2).withCode(HealthCodeColour.GREEN).build())
                .setCheckpointId("G1").setVillageCode(VILLAGE)
                .setTemperatureCelsius(38.5).setTemperatureStatus(TemperatureStatus.FEVER)
                .setDeviceFault(false).setScreenedAt(T0.plusMillis(120))
                .build();
    }

    public static ScreeningAlert aMultiCheckpointAlert() {
        return ScreeningAlert.newBuilder()
                .setAlertId("tok-5f2c9a/MULTI_CHECKPOINT/" + T0.toEpochMilli())
                .setType(AlertType.MULTI_CHECKPOINT).setSeverity(Severity.HIGH)
                .setRule("same person flagged at >= 2 checkpoints within 1 h")
                .setEventId("D1-000001").setSource(ScanSource.GATE_DEVICE).setDeviceId("D1")
                .setCheckpointId("G1").setVillageCode(VILLAGE).setPersonToken("tok-5f2c9a")
                .setTemperatureCelsius(37.9)
                .setRawTemperature(TemperatureReading.newBuilder().setValue(100.2).setUnit(TemperatureUnit.FAHRENHEIT)
                        .setBodySite(BodySite.WRIST).setAmbientCelsius(null).build())
                .setHealthCode(HealthCodeColour.YELLOW)
                .setRelatedCheckpoints(List.of("G1", "G2"))
                .setScannedAt(T0).setDetectedAt(T0.plusMillis(850))
                .build();
    }

    public static AreaCountKey aVillageHourKey() {
        return AreaCountKey.newBuilder().setLevel(AreaLevel.VILLAGE).setAreaCode(VILLAGE)
                .setWindow(WindowSize.HOUR).setWindowStart(T0).build();
    }

    public static AreaCount aVillageHourCount() {
        return AreaCount.newBuilder().setLevel(AreaLevel.VILLAGE).setAreaCode(VILLAGE).setWindow(WindowSize.HOUR)
                .setWindowStart(T0).setWindowEnd(T0.plusSeconds(3600)).setTimeZone("Asia/Shanghai")
                .setScans(412).setDistinctPersons(390).setFevers(3).setYellowCodes(2).setRedCodes(1).setDeviceFaults(4)
                .setVisitors(37).setVehicles(58).setGateScans(400).setPhoneAppScans(9).setStaffScans(2)
                .setClinicScans(1).setPharmacyScans(0).setIsFinal(true).setUpdatedAt(T0.plusSeconds(3900))
                .build();
    }
}
