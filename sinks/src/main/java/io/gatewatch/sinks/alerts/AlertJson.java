package io.gatewatch.sinks.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.sinks.names.Names;
import java.io.UncheckedIOException;

/**
 * The JSON form of an alert, shared by the subscriber's JSON lines and the webhook body: one
 * object on one line, fields in a fixed order, times as ISO-8601 UTC instants, enums as their
 * names, absent values as {@code null}. {@code villageName} and {@code checkpointName} stand beside
 * the codes, {@code null} when no name is known ({@link Names}). The person token is pseudonymous (never an identity
 * number) and is included because health authorities follow up by it.
 */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    /** Without names: {@code villageName} and {@code checkpointName} are null. */
    public static String toJson(ScreeningAlert alert, String topic) {
        return toJson(alert, topic, Names.none());
    }

    public static String toJson(ScreeningAlert alert, String topic, Names names) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("alertId", alert.getAlertId());
        json.put("type", alert.getType().name());
        json.put("severity", alert.getSeverity().name());
        json.put("rule", alert.getRule());
        json.put("topic", topic);
        json.put("eventId", alert.getEventId());
        json.put("source", alert.getSource().name());
        json.put("deviceId", alert.getDeviceId());
        json.put("checkpointId", alert.getCheckpointId());
        json.put("checkpointName", names.checkpointName(alert.getCheckpointId()));
        json.put("villageCode", alert.getVillageCode());
        json.put("villageName", names.areaName(alert.getVillageCode()));
        json.put("personToken", alert.getPersonToken());
        json.put("temperatureCelsius", alert.getTemperatureCelsius());
        TemperatureReading raw = alert.getRawTemperature();
        if (raw == null) {
            json.putNull("rawTemperature");
        } else {
            ObjectNode reading = json.putObject("rawTemperature");
            reading.put("value", raw.getValue());
            reading.put("unit", raw.getUnit().name());
            reading.put("bodySite", raw.getBodySite().name());
            reading.put("ambientCelsius", raw.getAmbientCelsius());
        }
        json.put("healthCode", alert.getHealthCode() == null ? null : alert.getHealthCode().name());
        ArrayNode related = json.putArray("relatedCheckpoints");
        alert.getRelatedCheckpoints().forEach(related::add);
        json.put("scannedAt", alert.getScannedAt().toString());
        json.put("detectedAt", alert.getDetectedAt().toString());
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
