package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.poison.PoisonReason;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Table {@code alert}: every alert topic; alerts are immutable, so the first per id wins and a replay is ignored. */
final class AlertWriter extends TableWriter<AlertRow, AlertRow> {
    static final Columns<AlertRow> COLUMNS = Columns.of(AlertRow.class)
            .text("alert_id", AlertRow::alertId)
            .text("alert_type", AlertRow::type)
            .text("severity", AlertRow::severity)
            .smallint("severity_rank", AlertRow::severityRank)
            .text("rule", AlertRow::rule)
            .text("event_id", AlertRow::eventId)
            .text("source", AlertRow::scanSource)
            .text("device_id", AlertRow::deviceId)
            .text("checkpoint_id", AlertRow::checkpointId)
            .text("village_code", AlertRow::villageCode)
            .text("person_token", AlertRow::personToken)
            .nullableDouble("temperature_celsius", AlertRow::temperatureCelsius)
            .nullableDouble("raw_temperature", AlertRow::rawTemperature)
            .text("raw_temperature_unit", AlertRow::rawTemperatureUnit)
            .text("raw_body_site", AlertRow::rawBodySite)
            .nullableDouble("ambient_celsius", AlertRow::ambientCelsius)
            .text("health_code", AlertRow::healthCode)
            .textArray("related_checkpoints", AlertRow::relatedCheckpoints)
            .timestamp("scanned_at", AlertRow::scannedAt)
            .timestamp("detected_at", AlertRow::detectedAt)
            .source(AlertRow::source);
    static final String INSERT = COLUMNS.insertOrIgnore("alert", List.of("alert_id"));

    AlertWriter() {
        super(SinkTable.ALERT, AlertRow.class, Topics.ALERT_TOPICS, () -> Reduction.firstPerKey(AlertRow::alertId));
    }

    @Override
    SinkRow map(ConsumerRecord<byte[], byte[]> record, SinkRecordMapper decoder) {
        ScreeningAlert alert = decoder.decode(ScreeningAlert.class, record.topic(), record.value());
        if (alert == null) {
            return SinkRecordMapper.deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "tombstone (null value) on an alert topic");
        }
        return AlertRow.of(alert, RecordSource.of(record));
    }

    @Override
    void write(Connection connection, Collection<AlertRow> rows, WriteLimits limits) throws SQLException {
        COLUMNS.executeBatch(connection, INSERT, rows);
    }
}
