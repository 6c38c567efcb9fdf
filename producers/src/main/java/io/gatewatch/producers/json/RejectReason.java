package io.gatewatch.producers.json;

import io.gatewatch.schema.TextPolicy;

/**
 * Stable reason codes for a refused ingest payload. The codes are contracts: they appear in the
 * {@code reason} header of {@code gatewatch.scans.rejected}, in HTTP error bodies and in metrics,
 * so dashboards and operators can rely on them. Never rename one.
 */
public enum RejectReason {
    /** The bytes are not one well-formed JSON document (or have trailing content). */
    MALFORMED_JSON("malformed_json"),
    /** Well-formed JSON that breaks the documented schema; the errors name each field. */
    INVALID_FIELD("invalid_field"),
    /**
     * Text that breaks the one text policy ({@link TextPolicy}): a body that is not strict UTF-8
     * (overlong forms, surrogates, UTF-16/32), or a text field with control characters, unpaired
     * surrogates, noncharacters or over its length. Wins over {@link #INVALID_FIELD} when both apply.
     */
    INVALID_TEXT(TextPolicy.REASON),
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
