package io.gatewatch.schema;

import io.gatewatch.schema.TextPolicy.FieldLimits;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The content checks of a scan that need no state, in one pure class, so that every place a scan
 * enters runs the same rules in the same order: the screening topology (for records written
 * straight to Kafka) and the ingest edge (so "202" means the scan will be counted). Checks that
 * need state — the device registry, de-duplication — stay in screening.
 *
 * <p>Checks run in a fixed order and the first failure is reported, so a record always gets the
 * same reason: value present; {@code eventId}, {@code deviceId} present; record key equals
 * {@code deviceId}; known source; {@code scannedAt} after the epoch, not too far ahead of or behind
 * the wall clock; no health code without a person; no impossible field value; every text field
 * within {@link TextPolicy} ({@code invalid_text}); person token of the token's shape
 * ({@link PersonTokens}); vehicle plate of the same token shape (plates are pseudonymised at the
 * edge like identities); for non-gate sources a village code that is present and 12 digits.
 * Messages name fields, never their values (they travel in headers and HTTP answers).
 *
 * <p>Implausible but well-formed readings are <em>not</em> refused: telling a broken thermometer
 * from a fever is classification's job. Pure and thread-safe; the wall-clock time is passed in.
 */
public final class ScanChecks {
    private final long maxFutureSkewMs;
    private final long maxAgeMs;

    /**
     * @param maxFutureSkewMs how far {@code scannedAt} may lie ahead of the wall clock
     * @param maxAgeMs        how far {@code scannedAt} may lie behind the wall clock
     */
    public ScanChecks(long maxFutureSkewMs, long maxAgeMs) {
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.maxAgeMs = maxAgeMs;
    }

    /** Why a scan is refused: a stable reason, the field at fault (null when none is), a message naming fields only. */
    public record Failure(RejectReason reason, String field, String message) {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The first failing check of a scan produced with its own {@code deviceId} as key (the ingest edge). */
    public Optional<Failure> check(ScanEvent scan, long nowMs) {
        return check(scan == null ? null : scan.getDeviceId(), scan, nowMs);
    }

    /** The first failing check of a Kafka record: {@code key} must equal the scan's {@code deviceId}. */
    public Optional<Failure> check(String key, ScanEvent scan, long nowMs) {
        if (scan == null) {
            return fail(RejectReason.MISSING_VALUE, null, "record value is null (tombstone); a scan was expected");
        }
        if (isBlank(scan.getEventId())) {
            return fail(RejectReason.MISSING_EVENT_ID, "eventId", "field 'eventId' is missing or blank");
        }
        if (isBlank(scan.getDeviceId())) {
            return fail(RejectReason.MISSING_DEVICE_ID, "deviceId", "field 'deviceId' is missing or blank");
        }
        if (!scan.getDeviceId().equals(key)) {
            return fail(RejectReason.KEY_MISMATCH, "deviceId",
                    key == null ? "record key is null; it must equal field 'deviceId'" : "record key does not equal field 'deviceId'");
        }
        if (scan.getSource() == null || scan.getSource() == ScanSource.UNKNOWN_SOURCE) {
            return fail(RejectReason.UNKNOWN_SOURCE, "source", "field 'source' is not a source this version knows");
        }
        Optional<Failure> time = checkTime(scan, nowMs);
        if (time.isPresent()) {
            return time;
        }
        HealthCodeColour code = scan.getHealthCode();
        if (code != null && code != HealthCodeColour.UNREADABLE && scan.getPersonToken() == null) {
            return fail(RejectReason.CODE_WITHOUT_PERSON, "personToken", "field 'healthCode' was read but field 'personToken' is missing");
        }
        if (scan.getPersonToken() != null && scan.getPersonToken().isBlank()) {
            return fail(RejectReason.INVALID_FIELD, "personToken", "field 'personToken' is blank");
        }
        if (scan.getTestResultAgeHours() != null && scan.getTestResultAgeHours() < 0) {
            return fail(RejectReason.INVALID_FIELD, "testResultAgeHours", "field 'testResultAgeHours' is negative");
        }
        if (scan.getVehiclePlate() != null && scan.getVehiclePlate().isBlank()) {
            return fail(RejectReason.INVALID_FIELD, "vehiclePlate", "field 'vehiclePlate' is blank");
        }
        Optional<Failure> text = checkText(scan);
        if (text.isPresent()) {
            return text;
        }
        if (scan.getPersonToken() != null && !PersonTokens.isToken(scan.getPersonToken())) {
            return fail(RejectReason.INVALID_FIELD, "personToken",
                    "field 'personToken' is not a person token (" + PersonTokens.LENGTH + " characters of base64url)");
        }
        if (scan.getVehiclePlate() != null && !PersonTokens.isToken(scan.getVehiclePlate())) {
            // a plate names its keeper: one in the clear must not reach state stores or downstream topics
            return fail(RejectReason.INVALID_FIELD, "vehiclePlate",
                    "field 'vehiclePlate' is not a plate token (" + PersonTokens.LENGTH + " characters of base64url)");
        }
        return scan.getSource() == ScanSource.GATE_DEVICE ? Optional.empty() : checkVillage(scan);
    }

    /** {@code scannedAt} after the epoch, within the configured skew ahead of and age behind the wall clock. */
    private Optional<Failure> checkTime(ScanEvent scan, long nowMs) {
        if (scan.getScannedAt() == null || scan.getScannedAt().toEpochMilli() <= 0) {
            return fail(RejectReason.STALE_TIMESTAMP, "scannedAt", "field 'scannedAt' is not after the epoch");
        }
        long scannedAt = scan.getScannedAt().toEpochMilli();
        if (scannedAt > nowMs + maxFutureSkewMs) {
            return fail(RejectReason.FUTURE_TIMESTAMP, "scannedAt",
                    "field 'scannedAt' is more than " + maxFutureSkewMs + " ms ahead of the wall clock");
        }
        if (scannedAt < nowMs - maxAgeMs) {
            return fail(RejectReason.STALE_TIMESTAMP, "scannedAt",
                    "field 'scannedAt' is more than " + maxAgeMs + " ms behind the wall clock");
        }
        return Optional.empty();
    }

    /** A text field of the scan and its length limit. */
    private record TextField(String name, Function<ScanEvent, String> value, int maxLength) {}

    /** The scan's text fields, in schema order. */
    private static final List<TextField> TEXT_FIELDS = List.of(
            new TextField("eventId", ScanEvent::getEventId, FieldLimits.ID),
            new TextField("deviceId", ScanEvent::getDeviceId, FieldLimits.ID),
            new TextField("checkpointId", ScanEvent::getCheckpointId, FieldLimits.ID),
            new TextField("villageCode", ScanEvent::getVillageCode, FieldLimits.VILLAGE_CODE),
            new TextField("personToken", ScanEvent::getPersonToken, FieldLimits.PERSON_TOKEN),
            new TextField("vehiclePlate", ScanEvent::getVehiclePlate, FieldLimits.VEHICLE_PLATE));

    /** Every text field of the scan against {@link TextPolicy}, in schema order: the first that fails. */
    private static Optional<Failure> checkText(ScanEvent scan) {
        for (TextField field : TEXT_FIELDS) {
            String value = field.value().apply(scan);
            if (!TextPolicy.isAcceptable(value, field.maxLength())) {
                return textFailure(field.name(), value, field.maxLength());
            }
        }
        return Optional.empty();
    }

    private static Optional<Failure> textFailure(String field, String value, int maxLength) {
        String violation = TextPolicy.violation(value, maxLength).orElse("breaks the text policy");
        return fail(RejectReason.INVALID_TEXT, field, "field '" + field + "' " + violation);
    }

    private static Optional<Failure> checkVillage(ScanEvent scan) {
        String village = scan.getVillageCode();
        if (village == null || village.isBlank()) {
            return fail(RejectReason.MISSING_VILLAGE, "villageCode", "field 'villageCode' is required for source " + scan.getSource());
        }
        if (!AreaCodes.isVillageCode(village)) {
            return fail(RejectReason.INVALID_VILLAGE_CODE, "villageCode", "field 'villageCode' is not 12 digits");
        }
        return Optional.empty();
    }

    private static Optional<Failure> fail(RejectReason reason, String field, String message) {
        return Optional.of(new Failure(reason, field, message));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
