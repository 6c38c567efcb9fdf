package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import static io.gatewatch.producers.json.ScanPayloads.PLATE_TOKENS;
import static io.gatewatch.producers.json.ScanPayloads.PSEUDONYMIZER;
import static io.gatewatch.producers.json.ScanPayloads.aScan;
import static io.gatewatch.producers.json.ScanPayloads.aSelfScan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The adversarial suite of the JSON edge (issue 13), run by every build: a seeded mutator over valid
 * single and batch bodies, and raw byte soup, fed to the converter and the redactor. For every
 * input: nothing throws; it is accepted, or refused with one of the reason codes and a bounded
 * error list; and no raw identity that the generator planted ever appears in a refusal message,
 * in a dropped-payload note or in the payload kept for {@code gatewatch.scans.rejected}.
 *
 * <p>30,000 generated inputs per build (12,000 + 6,000 + 12,000 tries), a few seconds.
 */
class ScanPayloadFuzzTest {
    /** Identities the generator plants; none may survive a refusal. */
    private static final List<String> IDENTITIES = List.of("11010519491231002X", "330102199001011234", "110105491231002");
    private static final Set<RejectReason> REASONS = EnumSet.of(RejectReason.MALFORMED_JSON, RejectReason.INVALID_FIELD,
            RejectReason.INVALID_TEXT);
    private static final List<String> FIELDS = List.of("eventId", "source", "deviceId", "checkpointId", "villageCode", "direction",
            "personId", "personToken", "personKind", "vehiclePlate", "scannedAt", "temperature", "healthCode", "testResultAgeHours");
    private static final List<String> IDENTITY_NAMES = List.of("personId", "personid", "PersonId", "person_id", "person-id",
            "idNumber", "id_card", "idcard", "identity", "sfzh", "vehiclePlate", "plate", "PERSON_ID");
    private static final List<String> HOSTILE_TEXT = List.of("", " ", "\u0000", "\u0001", "CP\u0000X", "\t", "\u007f", "\u0085",
            "\ud800", "\udc00", "a\ud800b", "\ud83d\ude00", "\ufffe", "\uffff", "\u00e9", "\u6d59A12345", "x".repeat(200),
            "GATE_DEVICE", "c", "in", "2024-01-20T08:15:00+08:00", "330102001001", "\\u0000", "null", "{}");
    /** Byte sequences that are not strict UTF-8, or are UTF-16/32 markers. */
    private static final List<byte[]> HOSTILE_BYTES = List.of(bytes(0xC0, 0x80), bytes(0xC0, 0xAF), bytes(0xE0, 0x80, 0xAF),
            bytes(0xED, 0xA0, 0x80), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xFE, 0xFF), bytes(0xFF, 0xFE), bytes(0xEF, 0xBB, 0xBF),
            bytes(0x00), bytes(0xE4, 0xB8), bytes(0x80), bytes(0xF8, 0x88, 0x80, 0x80, 0x80));
    private static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "\\ud800", "null",
            "true", "1e400", "-0", "12345678901234567890123", "\"personId\"", "\"eventId\"", "\"temperature\"", " ", "\n");

    private final ScanPayloadConverter converter = new ScanPayloadConverter(PSEUDONYMIZER, PLATE_TOKENS);

    @Property(tries = 12_000)
    void aMutatedScanIsAcceptedOrRefusedWithAReasonAndNeverLeaksAnIdentity(@ForAll Random random) {
        byte[] body = mutate(validScan(random), random);

        Conversion conversion = converter.convert(body);

        if (conversion instanceof Conversion.Rejected rejected) {
            assertThat(REASONS).contains(rejected.reason());
            assertThat(rejected.errors()).isNotEmpty().hasSizeLessThanOrEqualTo(FieldErrors.MAX_KEPT);
            assertNoIdentity(rejected.message());
            assertRedacted(body, rejected.reason(), rejected.message());
        } else {
            assertThat(conversion).isInstanceOf(Conversion.Accepted.class);
        }
    }

    @Property(tries = 6_000)
    void aMutatedBatchIsAcceptedOrRefusedWithAReasonAndNeverLeaksAnIdentity(@ForAll Random random) {
        StringBuilder batch = new StringBuilder("[");
        int items = 1 + random.nextInt(5); // up to one more than the limit of 4
        for (int i = 0; i < items; i++) {
            batch.append(i == 0 ? "" : ",").append(new String(mutateTree(validScan(random), random), StandardCharsets.UTF_8));
        }
        byte[] body = random.nextInt(3) == 0 ? mutateBytes(batch.append(']').toString().getBytes(StandardCharsets.UTF_8), random)
                : batch.append(']').toString().getBytes(StandardCharsets.UTF_8);

        BatchConversion conversion = converter.convertBatch(body, 4);

        if (conversion instanceof BatchConversion.Rejected rejected) {
            assertThat(EnumSet.of(RejectReason.PAYLOAD_TOO_LARGE, RejectReason.MALFORMED_JSON, RejectReason.INVALID_FIELD,
                    RejectReason.INVALID_TEXT)).contains(rejected.reason());
            assertThat(rejected.errors()).isNotEmpty().hasSizeLessThanOrEqualTo(FieldErrors.MAX_KEPT);
            assertNoIdentity(rejected.message());
            assertRedacted(body, rejected.reason(), rejected.message());
        } else {
            assertThat(((BatchConversion.Accepted) conversion).events()).hasSize(items);
        }
    }

    @Property(tries = 12_000)
    void byteSoupIsRefusedWithAReasonAndNeverLeaksAnIdentity(@ForAll Random random) {
        byte[] body = soup(random);

        Conversion single = converter.convert(body);
        BatchConversion batch = converter.convertBatch(body, 4);

        if (single instanceof Conversion.Rejected rejected) {
            assertThat(REASONS).contains(rejected.reason());
            assertNoIdentity(rejected.message());
            assertRedacted(body, rejected.reason(), rejected.message());
        }
        if (batch instanceof BatchConversion.Rejected rejected) {
            assertNoIdentity(rejected.message());
        }
    }

    private static void assertRedacted(byte[] body, RejectReason reason, String message) {
        RejectedPayloads.Kept kept = RejectedPayloads.keep(body, reason);
        if (kept.value() != null) {
            assertNoIdentity(new String(kept.value(), StandardCharsets.UTF_8));
        }
        if (kept.note() != null) {
            assertNoIdentity(kept.note());
        }
        assertNoIdentity(message);
    }

    private static void assertNoIdentity(String text) {
        String upper = text.toUpperCase(java.util.Locale.ROOT);
        for (String identity : IDENTITIES) {
            assertThat(upper).doesNotContain(identity);
        }
    }

    // ---- generators: valid documents first, then mutations of them ----

    private static final ObjectNode GATE_SCAN = aScan().node();
    private static final ObjectNode SELF_SCAN = aSelfScan().node();

    private static ObjectNode validScan(Random random) {
        ObjectNode node = (random.nextBoolean() ? GATE_SCAN : SELF_SCAN).deepCopy();
        node.put("eventId", "e-" + Long.toHexString(random.nextLong()));
        if (random.nextBoolean()) {
            node.put("personId", pick(IDENTITIES, random));
        }
        return node;
    }

    private static byte[] mutate(ObjectNode scan, Random random) {
        byte[] tree = mutateTree(scan, random);
        return random.nextInt(3) == 0 ? mutateBytes(tree, random) : tree;
    }

    /** 0-4 structural mutations that keep the document well-formed JSON. */
    private static byte[] mutateTree(ObjectNode scan, Random random) {
        int mutations = random.nextInt(5);
        for (int m = 0; m < mutations; m++) {
            String field = pick(FIELDS, random);
            switch (random.nextInt(9)) {
                case 0 -> scan.put(field, pick(HOSTILE_TEXT, random));
                case 1 -> scan.put(field, pick(IDENTITIES, random) + pick(HOSTILE_TEXT, random));
                case 2 -> scan.remove(field);
                case 3 -> scan.put(pick(IDENTITY_NAMES, random), pick(IDENTITIES, random));
                case 4 -> scan.put(pick(IDENTITIES, random), pick(HOSTILE_TEXT, random));
                case 5 -> scan.set(field, hostileValue(random));
                case 6 -> scan.putObject("extra").put(pick(IDENTITY_NAMES, random), pick(IDENTITIES, random));
                case 7 -> {
                    for (int i = 0, n = random.nextInt(40); i < n; i++) {
                        scan.put("unknown" + i, i);
                    }
                }
                default -> (scan.get("temperature") instanceof ObjectNode t ? t : scan.putObject("temperature")).put(pick(List.of("value", "unit", "bodySite", "ambientCelsius", "x"), random),
                        pick(HOSTILE_TEXT, random));
            }
        }
        return scan.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode hostileValue(Random random) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (random.nextInt(7)) {
            case 0 -> json.numberNode(random.nextLong());
            case 1 -> json.numberNode(random.nextDouble() * 1e300);
            case 2 -> json.booleanNode(random.nextBoolean());
            case 3 -> json.arrayNode().add(pick(IDENTITIES, random));
            case 4 -> json.numberNode(Long.parseLong(pick(IDENTITIES, random).replace("X", "0")));
            case 5 -> json.nullNode();
            default -> json.objectNode().put("personId", pick(IDENTITIES, random));
        };
    }

    /** 1-3 byte-level mutations: flips, insertions of bad UTF-8 or JSON tokens, cuts, duplications. */
    private static byte[] mutateBytes(byte[] input, Random random) {
        byte[] bytes = input;
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            bytes = switch (random.nextInt(6)) {
                case 0 -> {
                    byte[] copy = bytes.clone();
                    copy[at] = (byte) random.nextInt(256);
                    yield copy;
                }
                case 1 -> splice(bytes, at, pick(HOSTILE_BYTES, random));
                case 2 -> splice(bytes, at, pick(JSON_TOKENS, random).getBytes(StandardCharsets.UTF_8));
                case 3 -> java.util.Arrays.copyOf(bytes, at);
                case 4 -> splice(bytes, at, java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + random.nextInt(64))));
                default -> new String(bytes, StandardCharsets.UTF_8).getBytes(random.nextBoolean()
                        ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
            };
        }
        return bytes;
    }

    /** Random bytes, biased towards JSON tokens, identities and bad UTF-8. */
    private static byte[] soup(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(4)) {
                case 0 -> out.writeBytes(pick(JSON_TOKENS, random).getBytes(StandardCharsets.UTF_8));
                case 1 -> out.writeBytes(pick(HOSTILE_BYTES, random));
                case 2 -> out.writeBytes(("\"" + pick(IDENTITIES, random) + "\"").getBytes(StandardCharsets.UTF_8));
                default -> out.write(random.nextInt(256));
            }
        }
        return out.toByteArray();
    }

    private static byte[] splice(byte[] bytes, int at, byte[] insert) {
        byte[] out = new byte[bytes.length + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
        return out;
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
