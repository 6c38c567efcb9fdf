package io.gatewatch.producers.gate;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;
import java.util.Objects;

/**
 * What a gate device read for one person, as the integrator hands it to {@link GateClient#submit}.
 * It may carry the raw identity number; the client turns that into a person token before anything
 * leaves the process or touches the spool, and {@link #toString()} never prints it.
 *
 * <pre>{@code
 * GateScan scan = GateScan.builder()
 *         .identity(idCardNumber)            // from the code scanner or the ID reader; null if none was read
 *         .temperature(36.6, TemperatureUnit.CELSIUS)
 *         .healthCode(HealthCodeColour.GREEN)
 *         .direction(Direction.IN)
 *         .build();                          // scannedAt defaults to the client's clock
 * }</pre>
 */
public final class GateScan {
    private final String eventId;
    private final Instant scannedAt;
    private final String identity;
    private final PersonKind personKind;
    private final Direction direction;
    private final Double temperature;
    private final TemperatureUnit unit;
    private final BodySite bodySite;
    private final Double ambientCelsius;
    private final HealthCodeColour healthCode;
    private final Integer testResultAgeHours;
    private final String vehiclePlate;

    private GateScan(Builder b) {
        this.eventId = b.eventId;
        this.scannedAt = b.scannedAt;
        this.identity = b.identity;
        this.personKind = b.personKind;
        this.direction = b.direction;
        this.temperature = b.temperature;
        this.unit = b.unit;
        this.bodySite = b.bodySite;
        this.ambientCelsius = b.ambientCelsius;
        this.healthCode = b.healthCode;
        this.testResultAgeHours = b.testResultAgeHours;
        this.vehiclePlate = b.vehiclePlate;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The id the device assigned, or null to let the client assign a random UUID. */
    public String eventId() {
        return eventId;
    }

    /** When the person was screened, or null for "now" by the client's clock. */
    public Instant scannedAt() {
        return scannedAt;
    }

    /** The raw identity number; package-private so only the client's pseudonymiser sees it. */
    String identity() {
        return identity;
    }

    public boolean hasIdentity() {
        return identity != null;
    }

    public PersonKind personKind() {
        return personKind;
    }

    public Direction direction() {
        return direction;
    }

    /** The reading as the device reported it, or null when none was taken. */
    public Double temperature() {
        return temperature;
    }

    public TemperatureUnit unit() {
        return unit;
    }

    public BodySite bodySite() {
        return bodySite;
    }

    public Double ambientCelsius() {
        return ambientCelsius;
    }

    public HealthCodeColour healthCode() {
        return healthCode;
    }

    public Integer testResultAgeHours() {
        return testResultAgeHours;
    }

    public String vehiclePlate() {
        return vehiclePlate;
    }

    @Override
    public String toString() {
        return "GateScan{eventId=" + eventId + ", scannedAt=" + scannedAt + ", identity=" + (identity == null ? "none" : "[hidden]")
                + ", temperature=" + temperature + " " + unit + ", healthCode=" + healthCode + ", direction=" + direction + "}";
    }

    /** Builds a {@link GateScan}; everything is optional. */
    public static final class Builder {
        private String eventId;
        private Instant scannedAt;
        private String identity;
        private PersonKind personKind = PersonKind.UNKNOWN_PERSON;
        private Direction direction = Direction.IN;
        private Double temperature;
        private TemperatureUnit unit = TemperatureUnit.CELSIUS;
        private BodySite bodySite = BodySite.UNKNOWN_SITE;
        private Double ambientCelsius;
        private HealthCodeColour healthCode;
        private Integer testResultAgeHours;
        private String vehiclePlate;

        private Builder() {}

        /** A device-assigned event id (e.g. deviceId + a sequence the device persists); a resend must reuse it. */
        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder scannedAt(Instant scannedAt) {
            this.scannedAt = scannedAt;
            return this;
        }

        /** The raw identity number read at the gate; it is pseudonymised, never sent or spooled. */
        public Builder identity(String identity) {
            this.identity = identity == null || identity.isBlank() ? null : identity;
            return this;
        }

        public Builder personKind(PersonKind personKind) {
            this.personKind = Objects.requireNonNull(personKind, "personKind");
            return this;
        }

        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** The uncorrected reading in the device's unit (NaN allowed: the sensor reported garbage). */
        public Builder temperature(double value, TemperatureUnit unit) {
            this.temperature = value;
            this.unit = Objects.requireNonNull(unit, "unit");
            return this;
        }

        public Builder bodySite(BodySite bodySite) {
            this.bodySite = Objects.requireNonNull(bodySite, "bodySite");
            return this;
        }

        public Builder ambientCelsius(Double ambientCelsius) {
            this.ambientCelsius = ambientCelsius;
            return this;
        }

        public Builder healthCode(HealthCodeColour healthCode) {
            this.healthCode = healthCode;
            return this;
        }

        public Builder testResultAgeHours(Integer testResultAgeHours) {
            this.testResultAgeHours = testResultAgeHours;
            return this;
        }

        public Builder vehiclePlate(String vehiclePlate) {
            this.vehiclePlate = vehiclePlate;
            return this;
        }

        public GateScan build() {
            return new GateScan(this);
        }
    }
}
