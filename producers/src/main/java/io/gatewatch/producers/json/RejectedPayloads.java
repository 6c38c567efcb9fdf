package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.schema.PersonTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides what of a refused payload may be kept on {@code gatewatch.scans.rejected}. A raw
 * identity must never reach Kafka, so the rule (producers/INGEST.md, "Redaction") is:
 * <ul>
 *   <li><b>Well-formed JSON</b> is kept, re-written if needed, with {@value #REDACTED} in place of
 *       (at any depth): the value of every field whose name is identity-like
 *       ({@link IdentityPatterns#isIdentityFieldName}, case- and separator-insensitive:
 *       {@code personId}, {@code person_id}, {@code idcard}, {@code sfzh}, {@code vehiclePlate}, ...;
 *       a {@code personToken} only when it is not token-shaped); every string or number that
 *       contains an identity-like number ({@link IdentityPatterns#containsIdNumber}); and every
 *       field name that is not a plain name or carries digits ({@link IdentityPatterns#isEchoableName}),
 *       which is renamed {@code [redacted-name-N]} and its value redacted as well. Unchanged
 *       documents keep their original bytes.</li>
 *   <li><b>Anything else is never kept raw</b>: malformed JSON, bodies that are not strict UTF-8,
 *       and payloads over the size limit are written <b>without a value</b>; what remains is the
 *       headers and, in the reject message, the size in bytes ({@link Kept#note()}). No hash is
 *       kept: a hash of a short body such as {@code {"idcard":"1101...",} can be reversed by
 *       enumerating identity numbers.</li>
 * </ul>
 * Never throws; linear in the payload's size.
 */
public final class RejectedPayloads {
    /** Replacement text for a redacted identity. */
    public static final String REDACTED = "[redacted]";
    /** Header value when identity fields were redacted inside the JSON. */
    public static final String REDACTION_FIELDS = "person-fields";
    /** Header value when the whole payload was dropped. */
    public static final String REDACTION_PAYLOAD = "payload";
    private static final String REDACTED_NAME = "[redacted-name-";

    private RejectedPayloads() {}

    /**
     * What to write for a refused payload.
     *
     * @param value the bytes to keep (possibly the original array), or null when dropped
     * @param redaction null when the original is kept unchanged, else {@link #REDACTION_FIELDS} or {@link #REDACTION_PAYLOAD}
     * @param note what to add to the reject message about a dropped payload (its size), or null
     */
    public record Kept(byte[] value, String redaction, String note) {}

    public static Kept keep(byte[] original, RejectReason reason) {
        if (original == null) {
            return new Kept(null, null, null);
        }
        if (reason == RejectReason.PAYLOAD_TOO_LARGE) {
            return dropped(original);
        }
        JsonNode tree;
        try {
            tree = ScanPayloadConverter.parse(original);
        } catch (ScanPayloadConverter.MalformedPayloadException e) {
            return dropped(original);
        }
        try {
            if (holdsIdNumber(tree)) {
                // the document is a bare string or number shaped like an identity number
                tree = ScanPayloadConverter.mapper().getNodeFactory().textNode(REDACTED);
            } else if (!redact(tree, new int[1])) {
                return new Kept(original, null, null);
            }
            return new Kept(ScanPayloadConverter.mapper().writeValueAsBytes(tree), REDACTION_FIELDS, null);
        } catch (Exception e) {
            return dropped(original);
        }
    }

    private static Kept dropped(byte[] original) {
        return new Kept(null, REDACTION_PAYLOAD, "payload of " + original.length + " bytes not kept");
    }

    /** Redacts in place; true when anything changed. {@code renamed} numbers the renamed fields. */
    private static boolean redact(JsonNode node, int[] renamed) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> toRedact = new ArrayList<>();
            List<String> toRename = new ArrayList<>();
            boolean changed = false;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String name = field.getKey();
                if (!IdentityPatterns.isEchoableName(name)) {
                    toRename.add(name);
                } else if (isIdentity(name, field.getValue())) {
                    toRedact.add(name);
                } else {
                    changed |= redact(field.getValue(), renamed);
                }
            }
            for (String name : toRedact) {
                object.put(name, REDACTED);
            }
            for (String name : toRename) {
                object.remove(name);
                String replacement;
                do {
                    replacement = REDACTED_NAME + (++renamed[0]) + "]";
                } while (object.has(replacement));
                object.put(replacement, REDACTED);
            }
            return changed || !toRedact.isEmpty() || !toRename.isEmpty();
        }
        if (node.isArray()) {
            boolean changed = false;
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (holdsIdNumber(item)) {
                    ((ArrayNode) node).set(i, REDACTED);
                    changed = true;
                } else {
                    changed |= redact(item, renamed);
                }
            }
            return changed;
        }
        return false;
    }

    private static boolean isIdentity(String name, JsonNode value) {
        if (value.isNull() || value.isBoolean()) {
            return false;
        }
        if (holdsIdNumber(value)) {
            return true;
        }
        if (ScanPayloadConverter.PERSON_TOKEN_FIELD.equals(name)) {
            return !(value.isTextual() && PersonTokens.isToken(value.textValue()));
        }
        return IdentityPatterns.isIdentityFieldName(name);
    }

    /** A scalar that is, or contains, an identity-like number. */
    private static boolean holdsIdNumber(JsonNode value) {
        if (value.isTextual()) {
            return IdentityPatterns.containsIdNumber(value.textValue());
        }
        if (value.isNumber()) {
            return IdentityPatterns.containsIdNumber(value.asText());
        }
        return false;
    }
}
