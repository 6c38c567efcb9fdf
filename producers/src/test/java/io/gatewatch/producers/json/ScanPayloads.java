package io.gatewatch.producers.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.producers.gate.PlateTokens;
import io.gatewatch.producers.gate.Pseudonymizer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Test data builder for the JSON scan payload, reading like the domain:
 * {@code aScan().fromDevice("G1-D1").withPersonId(ID).withTemperature(37.6, "C").json()}. Starts
 * from a complete, valid gate-device scan; {@link #with} and {@link #without} break it field by
 * field with dotted paths ({@code temperature.unit}).
 */
public final class ScanPayloads {
    /** A made-up 18-character identity number, as a gate would read it from an ID card. */
    public static final String RAW_ID = "11010519491231002X";
    public static final byte[] SECRET = "test-deployment-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    public static final Pseudonymizer PSEUDONYMIZER = new Pseudonymizer(SECRET);
    public static final PlateTokens PLATE_TOKENS = new PlateTokens(SECRET);
    /** A vehicle plate as a gate reads it; it must leave the edge only as its token. */
    public static final String PLATE = "浙A12345";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode node;

    private ScanPayloads(ObjectNode node) {
        this.node = node;
    }

    public static ScanPayloads aScan() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", UUID.randomUUID().toString());
        node.put("source", "GATE_DEVICE");
        node.put("deviceId", "G1-D1");
        node.put("checkpointId", "G1");
        node.put("villageCode", "330102001001");
        node.put("direction", "IN");
        node.put("personId", RAW_ID);
        node.put("personKind", "RESIDENT");
        node.put("vehiclePlate", PLATE);
        node.put("scannedAt", "2024-01-20T08:15:00+08:00");
        ObjectNode temperature = node.putObject("temperature");
        temperature.put("value", 36.6);
        temperature.put("unit", "C");
        temperature.put("bodySite", "FOREHEAD");
        temperature.put("ambientCelsius", 4.5);
        node.put("healthCode", "GREEN");
        node.put("testResultAgeHours", 30);
        return new ScanPayloads(node);
    }

    /** A phone-app self-scan: no device reading, no vehicle, no direction. */
    public static ScanPayloads aSelfScan() {
        return aScan().with("source", "PHONE_APP").with("deviceId", "app-client-7")
                .without("checkpointId").without("direction").without("vehiclePlate").without("temperature");
    }

    public ScanPayloads withEventId(String eventId) {
        return with("eventId", eventId);
    }

    public ScanPayloads fromDevice(String deviceId) {
        return with("deviceId", deviceId);
    }

    public ScanPayloads withPersonId(String personId) {
        return with("personId", personId);
    }

    public ScanPayloads withPersonToken(String token) {
        return without("personId").with("personToken", token);
    }

    public ScanPayloads withTemperature(double value, String unit) {
        return with("temperature.value", value).with("temperature.unit", unit);
    }

    public ScanPayloads withCode(String colour) {
        return with("healthCode", colour);
    }

    /** Sets a field at a dotted path to a string, number, boolean, null or JSON node. */
    public ScanPayloads with(String path, Object value) {
        ObjectNode copy = node.deepCopy();
        ObjectNode parent = parentOf(copy, path);
        // Jackson's own mapping of a String, Integer, Long, Double or Boolean (a JsonNode as it is, null as JSON null)
        parent.set(leaf(path), value instanceof JsonNode json ? json : MAPPER.valueToTree(value));
        return new ScanPayloads(copy);
    }

    public ScanPayloads without(String path) {
        ObjectNode copy = node.deepCopy();
        parentOf(copy, path).remove(leaf(path));
        return new ScanPayloads(copy);
    }

    public String eventId() {
        return node.path("eventId").asText();
    }

    public ObjectNode node() {
        return node.deepCopy();
    }

    public String json() {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON array of the given payloads. */
    public static String batch(List<ScanPayloads> scans) {
        ArrayNode array = MAPPER.createArrayNode();
        scans.forEach(s -> array.add(s.node()));
        return array.toString();
    }

    private static ObjectNode parentOf(ObjectNode root, String path) {
        String[] parts = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
        }
        return parent;
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
