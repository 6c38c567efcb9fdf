package io.gatewatch.schema.testing;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;

/**
 * The one {@link ScanEvent} builder of every module's tests (published in the schemas test-jar):
 * {@code aScan().atCheckpoint("G1").withTemperature(37.6).withCode(YELLOW).at(T0).build()}.
 *
 * <p>Defaults: resident {@link #PERSON_TOKEN} entering through checkpoint G1's gate device D1 in
 * {@link #VILLAGE} at {@link #T0}, event id D1-000001, no reading, no health code. A module whose
 * tests speak of other defaults (fresh ids, a green code, its own clock) sets them in a one-line
 * factory of its own that starts from {@link #aScan()}.
 */
public final class ScanEventBuilder {
    /** 2026-03-01T08:00:00Z, 16:00 in Asia/Shanghai. */
    public static final Instant T0 = Instant.ofEpochMilli(1_772_352_000_000L);
    public static final String VILLAGE = "110105001001";
    public static final String PERSON_TOKEN = "tok-5f2c9a";

    private final ScanEvent.Builder scan = ScanEvent.newBuilder()
            .setEventId("D1-000001")
            .setSource(ScanSource.GATE_DEVICE)
            .setDeviceId("D1")
            .setCheckpointId("G1")
            .setVillageCode(VILLAGE)
            .setDirection(Direction.IN)
            .setPersonToken(PERSON_TOKEN)
            .setPersonKind(PersonKind.RESIDENT)
            .setScannedAt(T0);

    private ScanEventBuilder() {}

    public static ScanEventBuilder aScan() {
        return new ScanEventBuilder();
    }

    /** A 43-character base64url-looking person token (the length a pseudonym has) derived from a readable name. */
    public static String token(String name) {
        StringBuilder token = new StringBuilder(name.replaceAll("[^A-Za-z0-9_-]", "_"));
        while (token.length() < 43) {
            token.append('x');
        }
        return token.substring(0, 43);
    }

    public ScanEventBuilder withEventId(String eventId) {
        scan.setEventId(eventId);
        return this;
    }

    public ScanEventBuilder from(ScanSource source) {
        scan.setSource(source);
        return this;
    }

    public ScanEventBuilder fromDevice(String deviceId) {
        scan.setDeviceId(deviceId);
        return this;
    }

    public ScanEventBuilder atCheckpoint(String checkpointId) {
        scan.setCheckpointId(checkpointId);
        return this;
    }

    public ScanEventBuilder inVillage(String villageCode) {
        scan.setVillageCode(villageCode);
        return this;
    }

    /** The person whose token is {@link #token(String) token(personName)}. */
    public ScanEventBuilder of(String personName) {
        scan.setPersonToken(token(personName));
        return this;
    }

    public ScanEventBuilder withPersonToken(String token) {
        scan.setPersonToken(token);
        return this;
    }

    public ScanEventBuilder withoutPerson() {
        scan.setPersonToken(null);
        return this;
    }

    public ScanEventBuilder asVisitor() {
        scan.setPersonKind(PersonKind.VISITOR);
        return this;
    }

    public ScanEventBuilder inVehicle(String plate) {
        scan.setVehiclePlate(plate);
        return this;
    }

    /** A forehead reading in °C, no ambient temperature. */
    public ScanEventBuilder withTemperature(double celsius) {
        return withReading(reading(celsius, TemperatureUnit.CELSIUS));
    }

    /** A forehead reading in °F, no ambient temperature. */
    public ScanEventBuilder withFahrenheit(double fahrenheit) {
        return withReading(reading(fahrenheit, TemperatureUnit.FAHRENHEIT));
    }

    public ScanEventBuilder withReading(TemperatureReading reading) {
        scan.setTemperature(reading);
        return this;
    }

    public ScanEventBuilder withoutTemperature() {
        scan.setTemperature(null);
        return this;
    }

    public ScanEventBuilder withCode(HealthCodeColour colour) {
        scan.setHealthCode(colour);
        return this;
    }

    public ScanEventBuilder withoutCode() {
        scan.setHealthCode(null);
        return this;
    }

    public ScanEventBuilder leaving() {
        scan.setDirection(Direction.OUT);
        return this;
    }

    public ScanEventBuilder direction(Direction direction) {
        scan.setDirection(direction);
        return this;
    }

    public ScanEventBuilder withTestResultAgeHours(Integer hours) {
        scan.setTestResultAgeHours(hours);
        return this;
    }

    public ScanEventBuilder at(Instant scannedAt) {
        scan.setScannedAt(scannedAt);
        return this;
    }

    public ScanEvent build() {
        return scan.build();
    }

    private static TemperatureReading reading(double value, TemperatureUnit unit) {
        return TemperatureReading.newBuilder().setValue(value).setUnit(unit).setBodySite(BodySite.FOREHEAD)
                .setAmbientCelsius(null).build();
    }
}
