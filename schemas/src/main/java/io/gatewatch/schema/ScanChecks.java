package io.gatewatch.schema;

import io.gatewatch.schema.TextPolicy.FieldLimits;
import java.util.Objects;
import java.util.Optional;

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

    /** Every text field of the scan against {@link TextPolicy}, in schema order. */
    private static Optional<Failure> checkText(ScanEvent scan) {
        if (!TextPolicy.isAcceptable(scan.getEventId(), FieldLimits.ID)) {
            return textFailure("eventId", scan.getEventId(), FieldLimits.ID);
        }
        if (!TextPolicy.isAcceptable(scan.getDeviceId(), FieldLimits.ID)) {
            return textFailure("deviceId", scan.getDeviceId(), FieldLimits.ID);
        }
        if (!TextPolicy.isAcceptable(scan.getCheckpointId(), FieldLimits.ID)) {
            return textFailure("checkpointId", scan.getCheckpointId(), FieldLimits.ID);
        }
        if (!TextPolicy.isAcceptable(scan.getVillageCode(), FieldLimits.VILLAGE_CODE)) {
            return textFailure("villageCode", scan.getVillageCode(), FieldLimits.VILLAGE_CODE);
        }
        if (!TextPolicy.isAcceptable(scan.getPersonToken(), FieldLimits.PERSON_TOKEN)) {
            return textFailure("personToken", scan.getPersonToken(), FieldLimits.PERSON_TOKEN);
        }
        if (!TextPolicy.isAcceptable(scan.getVehiclePlate(), FieldLimits.VEHICLE_PLATE)) {
            return textFailure("vehiclePlate", scan.getVehiclePlate(), FieldLimits.VEHICLE_PLATE);
        }
        return Optional.empty();
    }

    /** The policy's own message says what is wrong and where, never the value. */
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
