package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.TemperatureReading;
import java.time.Instant;
import java.util.List;

/** A row of table {@code alert}: one {@link ScreeningAlert}, flattened. */
record AlertRow(
        String alertId,
        String type,
        String severity,
        int severityRank,
        String rule,
        String eventId,
        String scanSource,
        String deviceId,
        String checkpointId,
        String villageCode,
        String personToken,
        Double temperatureCelsius,
        Double rawTemperature,
        String rawTemperatureUnit,
        String rawBodySite,
        Double ambientCelsius,
        String healthCode,
        List<String> relatedCheckpoints,
        Instant scannedAt,
        Instant detectedAt,
        RecordSource source) implements SinkRow {

    public static AlertRow of(ScreeningAlert alert, RecordSource source) {
        TemperatureReading raw = alert.getRawTemperature();
        return new AlertRow(
                alert.getAlertId(),
                alert.getType().name(),
                alert.getSeverity().name(),
                alert.getSeverity().ordinal(),
                alert.getRule(),
                alert.getEventId(),
                alert.getSource().name(),
                alert.getDeviceId(),
                alert.getCheckpointId(),
                alert.getVillageCode(),
                alert.getPersonToken(),
                alert.getTemperatureCelsius(),
                raw == null ? null : raw.getValue(),
                raw == null ? null : raw.getUnit().name(),
                raw == null ? null : raw.getBodySite().name(),
                raw == null ? null : raw.getAmbientCelsius(),
                alert.getHealthCode() == null ? null : alert.getHealthCode().name(),
                List.copyOf(alert.getRelatedCheckpoints()),
                alert.getScannedAt(),
                alert.getDetectedAt(),
                source);
    }
}
