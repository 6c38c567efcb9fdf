package io.gatewatch.streams.screening.testsupport;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scans that read like the domain:
 * {@code aScan().fromDevice("D1").withTemperature(37.6).withCode(YELLOW).at(T0).build()}.
 * Defaults: a gate-device scan from {@link #DEFAULT_DEVICE} entering, GREEN code, 36.6 °C forehead,
 * a fresh event id and person token, at {@link #T0}.
 */
public final class ScanBuilder {
    public static final Instant T0 = Instant.parse("2024-01-15T08:00:00Z");
    public static final String DEFAULT_DEVICE = "gate-dev-1";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final ScanEvent.Builder scan = ScanEvent.newBuilder()
            .setSource(ScanSource.GATE_DEVICE)
            .setDeviceId(DEFAULT_DEVICE)
            .setDirection(Direction.IN)
            .setPersonKind(PersonKind.RESIDENT)
            .setScannedAt(T0)
            .setHealthCode(HealthCodeColour.GREEN);
    private double value = 36.6;
    private TemperatureUnit unit = TemperatureUnit.CELSIUS;
    private boolean withReading = true;

    private ScanBuilder() {
        long n = SEQUENCE.incrementAndGet();
        scan.setEventId("evt-" + n);
        scan.setPersonToken(token("person-" + n));
    }

    public static ScanBuilder aScan() {
        return new ScanBuilder();
    }

    /** A 43-character base64url-looking token derived from a readable name. */
    public static String token(String name) {
        StringBuilder token = new StringBuilder(name.replaceAll("[^A-Za-z0-9_-]", "_"));
        while (token.length() < 43) {
            token.append('x');
        }
        return token.substring(0, 43);
    }

    public ScanBuilder withEventId(String eventId) {
        scan.setEventId(eventId);
        return this;
    }

    public ScanBuilder fromDevice(String deviceId) {
        scan.setDeviceId(deviceId);
        return this;
    }

    public ScanBuilder from(ScanSource source) {
        scan.setSource(source);
        return this;
    }

    public ScanBuilder atCheckpoint(String checkpointId) {
        scan.setCheckpointId(checkpointId);
        return this;
    }

    public ScanBuilder inVillage(String villageCode) {
        scan.setVillageCode(villageCode);
        return this;
    }

    public ScanBuilder of(String personName) {
        scan.setPersonToken(token(personName));
        return this;
    }

    public ScanBuilder withPersonToken(String token) {
        scan.setPersonToken(token);
        return this;
    }

    public ScanBuilder withoutPerson() {
        scan.setPersonToken(null);
        return this;
    }

    public ScanBuilder withTemperature(double celsius) {
        value = celsius;
        unit = TemperatureUnit.CELSIUS;
        withReading = true;
        return this;
    }

    public ScanBuilder withFahrenheit(double fahrenheit) {
        value = fahrenheit;
        unit = TemperatureUnit.FAHRENHEIT;
        withReading = true;
        return this;
    }

    public ScanBuilder withoutTemperature() {
        withReading = false;
        return this;
    }

    public ScanBuilder withCode(HealthCodeColour code) {
        scan.setHealthCode(code);
        return this;
    }

    public ScanBuilder withoutCode() {
        scan.setHealthCode(null);
        return this;
    }

    public ScanBuilder leaving() {
        scan.setDirection(Direction.OUT);
        return this;
    }

    public ScanBuilder direction(Direction direction) {
        scan.setDirection(direction);
        return this;
    }

    public ScanBuilder withTestResultAgeHours(Integer hours) {
        scan.setTestResultAgeHours(hours);
        return this;
    }

    public ScanBuilder at(Instant scannedAt) {
        scan.setScannedAt(scannedAt);
        return this;
    }

    public ScanEvent build() {
        scan.setTemperature(withReading ? TemperatureReading.newBuilder()
                .setValue(value).setUnit(unit).setBodySite(BodySite.FOREHEAD).setAmbientCelsius(null).build() : null);
        return scan.build();
    }
}
