package io.gatewatch.sinks.testing;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;
import java.util.List;

/** Test data builder: {@code anAlert().ofType(FEVER).inVillage("110101001001").at(T0).build()}. */
public final class Alerts {
    public static final Instant T0 = Instant.parse("2024-01-15T02:00:00Z");

    private String eventId = "E1";
    private AlertType type = AlertType.FEVER;
    private Severity severity = Severity.HIGH;
    private String villageCode = "110101001001";
    private String checkpointId = "CP1";
    private String deviceId = "D1";
    private String personToken = "tok-1";
    private Double temperature = 38.2;
    private HealthCodeColour code = HealthCodeColour.GREEN;
    private List<String> related = List.of();
    private Instant scannedAt = T0;

    private Alerts() {}

    public static Alerts anAlert() {
        return new Alerts();
    }

    public Alerts forEvent(String eventId) {
        this.eventId = eventId;
        return this;
    }

    public Alerts ofType(AlertType type) {
        this.type = type;
        return this;
    }

    public Alerts withSeverity(Severity severity) {
        this.severity = severity;
        return this;
    }

    public Alerts inVillage(String villageCode) {
        this.villageCode = villageCode;
        return this;
    }

    public Alerts atCheckpoint(String checkpointId) {
        this.checkpointId = checkpointId;
        return this;
    }

    public Alerts fromDevice(String deviceId) {
        this.deviceId = deviceId;
        return this;
    }

    public Alerts forPerson(String personToken) {
        this.personToken = personToken;
        return this;
    }

    public Alerts withTemperature(Double celsius) {
        this.temperature = celsius;
        return this;
    }

    public Alerts withCode(HealthCodeColour code) {
        this.code = code;
        return this;
    }

    public Alerts alsoSeenAt(String... checkpoints) {
        this.related = List.of(checkpoints);
        return this;
    }

    public Alerts at(Instant scannedAt) {
        this.scannedAt = scannedAt;
        return this;
    }

    public ScreeningAlert build() {
        return ScreeningAlert.newBuilder()
                .setAlertId(eventId + "/" + type)
                .setType(type)
                .setSeverity(severity)
                .setRule(type == AlertType.FEVER ? "temperature >= 37.3 C" : "rule " + type)
                .setEventId(eventId)
                .setSource(ScanSource.GATE_DEVICE)
                .setDeviceId(deviceId)
                .setCheckpointId(checkpointId)
                .setVillageCode(villageCode)
                .setPersonToken(personToken)
                .setTemperatureCelsius(temperature)
                .setRawTemperature(temperature == null ? null : TemperatureReading.newBuilder()
                        .setValue(temperature).setUnit(TemperatureUnit.CELSIUS).setBodySite(BodySite.FOREHEAD)
                        .setAmbientCelsius(null).build())
                .setHealthCode(code)
                .setRelatedCheckpoints(related)
                .setScannedAt(scannedAt)
                .setDetectedAt(scannedAt.plusMillis(250))
                .build();
    }
}
