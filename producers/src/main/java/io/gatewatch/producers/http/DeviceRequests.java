package io.gatewatch.producers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.producers.devices.DeviceRegistry;
import io.gatewatch.producers.devices.DeviceRows;
import io.gatewatch.producers.devices.InvalidDeviceRowException;
import io.gatewatch.producers.json.FieldError;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.RejectReason;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device registry over HTTP ({@code /v1/devices}), for the operator: list, show, register or
 * update ({@code PUT}, a JSON object with the fields of a device CSV row, validated by
 * {@link DeviceRows}), retire ({@code DELETE}: the registration stays, screening refuses the device).
 * Blocking (it reads and writes Kafka): called on a worker. Serialised: one request at a time.
 */
final class DeviceRequests implements AutoCloseable {
    static final String PATH = "/v1/devices";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** An answer: status and JSON body (null for 204). */
    record Answer(int status, JsonNode body) {}

    private final java.util.function.Supplier<DeviceRegistry> registries;
    private DeviceRegistry registry;

    DeviceRequests(java.util.function.Supplier<DeviceRegistry> registries) {
        this.registries = registries;
    }

    synchronized Answer list() {
        ArrayNode devices = MAPPER.createArrayNode();
        registry().current().values().forEach(d -> devices.add(json(d)));
        return new Answer(200, devices);
    }

    synchronized Answer show(String deviceId) {
        DeviceRegistration device = registry().current().get(deviceId);
        return device == null ? notFound(deviceId) : new Answer(200, json(device));
    }

    synchronized Answer put(String deviceId, byte[] body) {
        JsonNode document;
        try {
            document = MAPPER.readTree(body);
        } catch (IOException e) {
            return new Answer(400, JsonBodies.error(RejectReason.MALFORMED_JSON.code(), "the body is not one JSON object"));
        }
        if (document == null || !document.isObject()) {
            return new Answer(400, JsonBodies.error(RejectReason.MALFORMED_JSON.code(), "the body is not one JSON object"));
        }
        Map<String, String> row = new HashMap<>();
        for (String field : DeviceRows.FIELDS) {
            JsonNode value = document.get(field);
            if (value != null && !value.isNull()) {
                if (!value.isValueNode()) {
                    return invalid(new InvalidDeviceRowException(field, "must be a string or number"));
                }
                row.put(field, value.asText());
            }
        }
        if (row.containsKey(DeviceRows.DEVICE_ID) && !row.get(DeviceRows.DEVICE_ID).equals(deviceId)) {
            return invalid(new InvalidDeviceRowException(DeviceRows.DEVICE_ID, "differs from the device id in the path"));
        }
        row.put(DeviceRows.DEVICE_ID, deviceId);
        Map<String, DeviceRegistration> current = registry().current();
        DeviceRegistration existing = current.get(deviceId);
        DeviceRegistration wanted;
        try {
            wanted = DeviceRows.toRegistration(row, existing, Instant.now());
        } catch (InvalidDeviceRowException e) {
            return invalid(e);
        }
        if (DeviceRows.sameRegistration(existing, wanted)) {
            return new Answer(200, json(existing));
        }
        registry().publish(List.of(wanted));
        return new Answer(existing == null ? 201 : 200, json(wanted));
    }

    synchronized Answer retire(String deviceId) {
        DeviceRegistration device = registry().current().get(deviceId);
        if (device == null) {
            return notFound(deviceId);
        }
        if (!device.getRetired()) {
            registry().publish(List.of(DeviceRows.withRetired(device, true, Instant.now())));
        }
        return new Answer(204, null);
    }

    private DeviceRegistry registry() {
        if (registry == null) {
            registry = registries.get();
        }
        return registry;
    }

    private static Answer invalid(InvalidDeviceRowException e) {
        return new Answer(400, JsonBodies.fieldErrors(RejectReason.INVALID_FIELD.code(), "the device was not registered",
                List.of(new FieldError(e.field(), e.getMessage()))));
    }

    private static Answer notFound(String deviceId) {
        return new Answer(404, JsonBodies.error("not_found", "no device '" + deviceId + "' in the registry"));
    }

    private static ObjectNode json(DeviceRegistration device) {
        ObjectNode node = MAPPER.createObjectNode();
        DeviceRows.FIELDS.forEach(field -> node.put(field, DeviceRows.toRow(device).get(field)));
        node.put(DeviceRows.CALIBRATION_OFFSET_CELSIUS, device.getCalibrationOffsetCelsius());
        if (device.getCheckpointName() == null) {
            node.putNull(DeviceRows.NAME);
        }
        node.put("retired", device.getRetired());
        node.put("updatedAt", device.getUpdatedAt().toString());
        return node;
    }

    static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    @Override
    public synchronized void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
