package io.gatewatch.streams.screening;

import io.gatewatch.streams.common.RejectedRecords;

/**
 * Why the screening topology refused a scan. The codes are contracts: they appear in the
 * {@code gatewatch.reject.reason} header of {@code gatewatch.scans.rejected} and as the
 * {@code reason} tag of {@code gatewatch.scans.rejected}; dashboards and operators rely on them.
 * Never rename or reuse a code; add new ones.
 */
public enum RejectReason {
    /** The key or value bytes could not be read with the scan serdes (set by the deserialization handler). */
    UNDESERIALIZABLE(RejectedRecords.UNDESERIALIZABLE),
    /** A null value (a tombstone) on the scans topic. */
    MISSING_VALUE("missing_value"),
    /** {@code eventId} is blank: the scan could never be de-duplicated. */
    MISSING_EVENT_ID("missing_event_id"),
    /** {@code deviceId} is blank. */
    MISSING_DEVICE_ID("missing_device_id"),
    /**
     * The record key is not the scan's {@code deviceId}. De-duplication and device health are
     * partition-local only because every scan of a device shares its key; a stray key would let a
     * retry slip past de-duplication on another partition.
     */
    KEY_MISMATCH("key_mismatch"),
    /** {@code source} is a symbol this reader does not know (a newer writer): the rules cannot be chosen. */
    UNKNOWN_SOURCE("unknown_source"),
    /** {@code scannedAt} lies further ahead of the wall clock than {@code screening.max.future.skew.ms}. */
    FUTURE_TIMESTAMP("future_timestamp"),
    /** {@code scannedAt} is older than {@code screening.max.age.ms} (or not after the epoch). */
    STALE_TIMESTAMP("stale_timestamp"),
    /** A health code was read but no person token came with it; every read code identifies someone. */
    CODE_WITHOUT_PERSON("code_without_person"),
    /** A field value that cannot occur (negative test-result age, blank person token or plate). */
    INVALID_FIELD("invalid_field"),
    /** A gate device that is not in the device registry ({@code gatewatch.devices}). */
    UNKNOWN_DEVICE("unknown_device"),
    /** A non-gate scan (app, staff, clinic, pharmacy) without a village code. */
    MISSING_VILLAGE("missing_village"),
    /** The village code (reported, or from the registry for gate devices) is not 12 digits. */
    INVALID_VILLAGE_CODE("invalid_village_code");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The stable, lower-case code. */
    public String code() {
        return code;
    }
}
