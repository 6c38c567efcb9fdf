package io.gatewatch.producers.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides what of a refused payload may be kept on {@code gatewatch.scans.rejected}. The rule is
 * "the original bytes", except where they could carry a raw identity number, which must never
 * reach Kafka:
 * <ul>
 *   <li>well-formed JSON: every {@code personId} (at any depth) and every {@code personToken} that
 *       is not a well-formed token is replaced by {@value #REDACTED}; the rest is kept;</li>
 *   <li>malformed JSON that mentions {@code personId}/{@code personToken} or contains {@code \\u}
 *       escapes (which could spell them): the value is dropped, only the headers remain;</li>
 *   <li>payloads over the size limit: the value is dropped.</li>
 * </ul>
 */
public final class RejectedPayloads {
    /** Replacement text for a redacted identity. */
    public static final String REDACTED = "[redacted]";
    /** Header value when identity fields were redacted inside the JSON. */
    public static final String REDACTION_FIELDS = "person-fields";
    /** Header value when the whole payload was dropped. */
    public static final String REDACTION_PAYLOAD = "payload";

    private RejectedPayloads() {}

    /**
     * What to write for a refused payload.
     *
     * @param value the bytes to keep (possibly the original array), or null when dropped
     * @param redaction null when the original is kept unchanged, else {@link #REDACTION_FIELDS} or {@link #REDACTION_PAYLOAD}
     */
    public record Kept(byte[] value, String redaction) {}

    public static Kept keep(byte[] original, RejectReason reason) {
        if (original == null) {
            return new Kept(null, null);
        }
        if (reason == RejectReason.PAYLOAD_TOO_LARGE) {
            return new Kept(null, REDACTION_PAYLOAD);
        }
        JsonNode tree;
        try {
            tree = ScanPayloadConverter.parse(original);
        } catch (ScanPayloadConverter.MalformedPayloadException e) {
            return mightHoldIdentity(original) ? new Kept(null, REDACTION_PAYLOAD) : new Kept(original, null);
        }
        if (!redact(tree)) {
            return new Kept(original, null);
        }
        try {
            return new Kept(ScanPayloadConverter.mapper().writeValueAsBytes(tree), REDACTION_FIELDS);
        } catch (JsonProcessingException e) {
            return new Kept(null, REDACTION_PAYLOAD);
        }
    }

    private static boolean mightHoldIdentity(byte[] bytes) {
        // ISO-8859-1 maps bytes 1:1, so ASCII field names are found whatever the real encoding.
        String text = new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return text.contains("personid") || text.contains("persontoken") || text.contains("\\u")
                || text.indexOf('\0') >= 0; // UTF-16/32 JSON: names are not contiguous ASCII
    }

    /** Redacts in place; true when anything changed. */
    private static boolean redact(JsonNode node) {
        boolean changed = false;
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> toRedact = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (isIdentity(field.getKey(), field.getValue())) {
                    toRedact.add(field.getKey());
                } else {
                    changed |= redact(field.getValue());
                }
            }
            for (String name : toRedact) {
                object.put(name, REDACTED);
            }
            changed |= !toRedact.isEmpty();
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                changed |= redact(item);
            }
        }
        return changed;
    }

    private static boolean isIdentity(String name, JsonNode value) {
        if (value.isNull()) {
            return false;
        }
        if (ScanPayloadConverter.PERSON_ID.equals(name)) {
            return true;
        }
        return ScanPayloadConverter.PERSON_TOKEN_FIELD.equals(name)
                && !(value.isTextual() && ScanPayloadConverter.PERSON_TOKEN.matcher(value.textValue()).matches());
    }
}
