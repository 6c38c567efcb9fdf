package io.gatewatch.schema;

/**
 * Every reason code GateWatch gives for refusing a record, in one place for every channel: the
 * {@code gatewatch.reject.reason} header of {@code gatewatch.scans.rejected}, the {@code reason}
 * tag of {@code gatewatch.scans.rejected} (the metric), HTTP error bodies and the sink's rejected
 * summaries. The codes are contracts dashboards and operators rely on: never rename or reuse one;
 * add new ones. Who raises which is documented in README.md (screening reasons) and
 * producers/INGEST.md (ingest reasons).
 */
public enum RejectReason {
    // ---- bytes that are not a readable record (any Kafka consumer's deserialization handler)
    /** The key or value bytes could not be read with the topic's serdes. */
    UNDESERIALIZABLE("undeserializable"),
    /** The record is larger than {@code avro.max.record.bytes}; refused without decoding. */
    RECORD_TOO_LARGE("record_too_large"),

    // ---- ingest channels (HTTP, MQTT): the JSON document itself
    /** The bytes are not one well-formed JSON document (or not UTF-8, or have trailing content). */
    MALFORMED_JSON("malformed_json"),
    /** Larger than the channel's configured limit; the payload is not parsed. */
    PAYLOAD_TOO_LARGE("payload_too_large"),

    // ---- the scan's content (ScanChecks: the same at the edge and in screening)
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
    /** {@code scannedAt} lies further ahead of the wall clock than the configured skew. */
    FUTURE_TIMESTAMP("future_timestamp"),
    /** {@code scannedAt} is older than the configured maximum age (or not after the epoch). */
    STALE_TIMESTAMP("stale_timestamp"),
    /** A health code was read but no person token came with it; every read code identifies someone. */
    CODE_WITHOUT_PERSON("code_without_person"),
    /**
     * A field value that cannot occur: a negative test-result age, a blank person token or plate, a
     * person token that does not have the token's shape ({@link PersonTokens}); at the ingest edge
     * also any field that breaks the JSON document's schema.
     */
    INVALID_FIELD("invalid_field"),
    /** A text field breaks {@link TextPolicy} (control characters, unpaired surrogates, noncharacters, too long). */
    INVALID_TEXT(TextPolicy.REASON),
    /** A non-gate scan (app, staff, clinic, pharmacy) without a village code. */
    MISSING_VILLAGE("missing_village"),
    /** The village code (reported, or from the registry for gate devices) is not 12 digits. */
    INVALID_VILLAGE_CODE("invalid_village_code"),

    // ---- needs state (screening only)
    /** A gate device that is not in the device registry ({@code gatewatch.devices}). */
    UNKNOWN_DEVICE("unknown_device"),
    /** A gate device whose registration is marked {@code retired} (taken out of service). */
    RETIRED_DEVICE("retired_device"),

    // ---- counts
    /** A null value (a tombstone) on {@code gatewatch.scans.screened}, refused by the counts topology. */
    NULL_VALUE("null_value");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The stable, lower-case code. */
    public String code() {
        return code;
    }
}
