package io.gatewatch.streams.screening;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;

/**
 * The checks a scan must pass before anything else looks at it: ids present, key consistent with
 * the device, a known source, a believable event time, no impossible field combination. Pure and
 * thread-safe; the wall-clock time is passed in.
 *
 * <p>Checks run in a fixed order and the first failure is reported, so a record always gets the
 * same reason. Implausible but well-formed readings are <em>not</em> refused: telling a broken
 * thermometer from a fever is classification's job, and ops need to see those devices.
 */
public final class ScanValidator {
    private final long maxFutureSkewMs;
    private final long maxAgeMs;

    public ScanValidator(ScreeningConfig config) {
        this.maxFutureSkewMs = config.maxFutureSkewMs();
        this.maxAgeMs = config.maxAgeMs();
    }

    /** The scan, accepted or rejected with the first failing check. */
    public Checked check(String key, ScanEvent scan, long nowMs) {
        if (scan == null) {
            return Checked.rejected(null, RejectReason.MISSING_VALUE, "record value is null (tombstone); a scan was expected");
        }
        if (isBlank(scan.getEventId())) {
            return Checked.rejected(scan, RejectReason.MISSING_EVENT_ID, "field 'eventId' is missing or blank");
        }
        if (isBlank(scan.getDeviceId())) {
            return Checked.rejected(scan, RejectReason.MISSING_DEVICE_ID, "field 'deviceId' is missing or blank");
        }
        if (!scan.getDeviceId().equals(key)) {
            return Checked.rejected(scan, RejectReason.KEY_MISMATCH,
                    key == null ? "record key is null; it must equal field 'deviceId'" : "record key does not equal field 'deviceId'");
        }
        if (scan.getSource() == null || scan.getSource() == ScanSource.UNKNOWN_SOURCE) {
            return Checked.rejected(scan, RejectReason.UNKNOWN_SOURCE, "field 'source' is not a source this version knows");
        }
        if (scan.getScannedAt() == null || scan.getScannedAt().toEpochMilli() <= 0) {
            return Checked.rejected(scan, RejectReason.STALE_TIMESTAMP, "field 'scannedAt' is not after the epoch");
        }
        long scannedAt = scan.getScannedAt().toEpochMilli();
        if (scannedAt > nowMs + maxFutureSkewMs) {
            return Checked.rejected(scan, RejectReason.FUTURE_TIMESTAMP,
                    "field 'scannedAt' is more than " + maxFutureSkewMs + " ms ahead of the wall clock");
        }
        if (scannedAt < nowMs - maxAgeMs) {
            return Checked.rejected(scan, RejectReason.STALE_TIMESTAMP,
                    "field 'scannedAt' is more than " + maxAgeMs + " ms behind the wall clock");
        }
        HealthCodeColour code = scan.getHealthCode();
        if (code != null && code != HealthCodeColour.UNREADABLE && scan.getPersonToken() == null) {
            return Checked.rejected(scan, RejectReason.CODE_WITHOUT_PERSON,
                    "field 'healthCode' was read but field 'personToken' is missing");
        }
        if (scan.getPersonToken() != null && scan.getPersonToken().isBlank()) {
            return Checked.rejected(scan, RejectReason.INVALID_FIELD, "field 'personToken' is blank");
        }
        if (scan.getTestResultAgeHours() != null && scan.getTestResultAgeHours() < 0) {
            return Checked.rejected(scan, RejectReason.INVALID_FIELD, "field 'testResultAgeHours' is negative");
        }
        if (scan.getVehiclePlate() != null && scan.getVehiclePlate().isBlank()) {
            return Checked.rejected(scan, RejectReason.INVALID_FIELD, "field 'vehiclePlate' is blank");
        }
        return Checked.accepted(scan);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
