package io.gatewatch.schema;

import static io.gatewatch.schema.testing.ScanEventBuilder.PERSON_TOKEN;
import static io.gatewatch.schema.testing.ScanEventBuilder.T0;
import static io.gatewatch.schema.testing.ScanEventBuilder.VILLAGE;
import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;

import io.gatewatch.schema.testing.DeviceRegistrationBuilder;
import io.gatewatch.schema.testing.ScreenedScanBuilder;
import java.util.List;

/**
 * One complete record of each contract type, every field filled with plausible values, for
 * round-trip and wire-format tests. Records built field by field in a test come from the builders
 * in {@link io.gatewatch.schema.testing} ({@code aScan()}, {@code aScreenedScan()}, {@code aDevice(id)}).
 */
public final class TestRecords {
    private TestRecords() {}

    public static DeviceRegistration aDeviceRegistration() {
        return DeviceRegistrationBuilder.aDevice("D1").atCheckpoint("G1").measuring(BodySite.WRIST)
                .reportingIn(TemperatureUnit.FAHRENHEIT).calibratedBy(0.3).updatedAt(T0).build();
    }

    public static ScreenedScan aFeverScreenedScan() {
        return ScreenedScanBuilder.screened(aScan().withTemperature(38.2).withCode(HealthCodeColour.GREEN))
                .screenedAs(TemperatureStatus.FEVER, 38.5).screenedAt(T0.plusMillis(120)).build();
    }

    public static ScreeningAlert aMultiCheckpointAlert() {
        return ScreeningAlert.newBuilder()
                .setAlertId(PERSON_TOKEN + "/MULTI_CHECKPOINT/" + T0.toEpochMilli())
                .setType(AlertType.MULTI_CHECKPOINT).setSeverity(Severity.HIGH)
                .setRule("same person flagged at >= 2 checkpoints within 1 h")
                .setEventId("D1-000001").setSource(ScanSource.GATE_DEVICE).setDeviceId("D1")
                .setCheckpointId("G1").setVillageCode(VILLAGE).setPersonToken(PERSON_TOKEN)
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
