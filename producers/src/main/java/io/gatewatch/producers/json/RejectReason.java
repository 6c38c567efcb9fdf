package io.gatewatch.producers.json;

/**
 * Stable reason codes for a refused ingest payload. The codes are contracts: they appear in the
 * {@code reason} header of {@code gatewatch.scans.rejected}, in HTTP error bodies and in metrics,
 * so dashboards and operators can rely on them. Never rename one.
 */
public enum RejectReason {
    /** The bytes are not one well-formed JSON document (or not UTF-8, or have trailing content). */
    MALFORMED_JSON("malformed_json"),
    /** Well-formed JSON that breaks the documented schema; the errors name each field. */
    INVALID_FIELD("invalid_field"),
    /** Larger than the channel's configured limit; the payload is not parsed. */
    PAYLOAD_TOO_LARGE("payload_too_large");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
