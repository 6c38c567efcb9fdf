package io.gatewatch.sinks.jdbc;

/**
 * One decoded Kafka record, ready to be written: what the sink stores for it. Mapping is pure
 * ({@link SinkRecordMapper}); writing is {@link BatchWriter}'s job.
 */
public sealed interface SinkRow permits AlertRow, AreaCountRow, RejectedScanRow, LateScanRow, DeviceRow, ObservationRow,
        DeadLetterRow {

    /** The record this row was made from. */
    RecordSource source();
}
