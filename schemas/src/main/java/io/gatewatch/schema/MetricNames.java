package io.gatewatch.schema;

/**
 * Micrometer meter names shared by every process, dashboards and alert rules (the Prometheus
 * registry renders {@code gatewatch.scans} as {@code gatewatch_scans_total}). Tags take small fixed
 * value sets only ({@code source}, {@code outcome}, {@code type}, {@code reason}, {@code severity},
 * {@code table}); never person, device or event ids.
 */
public final class MetricNames {
    private MetricNames() {}

    /** Counter: scans screened. Tags: source (ScanSource), outcome (normal|fever|non_green|device_fault|no_reading). */
    public static final String SCANS = "gatewatch.scans";
    /** Counter: scans refused. Tag: reason (RejectReason code). */
    public static final String SCANS_REJECTED = "gatewatch.scans.rejected";
    /** Counter: duplicate scans dropped by event id. */
    public static final String SCANS_DUPLICATE = "gatewatch.scans.duplicate";
    /** Counter: scans later than the window grace, routed to the late topic. Tag: window (hour|day). */
    public static final String SCANS_LATE = "gatewatch.scans.late";
    /** Counter: alerts raised. Tags: type (AlertType), severity. */
    public static final String ALERTS = "gatewatch.alerts";
    /** Timer (histogram): scan event time to alert detection time. Tag: type. */
    public static final String ALERT_LATENCY = "gatewatch.alert.latency";
    /** Counter: windowed count records emitted. Tags: window (hour|day), final (true|false). */
    public static final String COUNTS_EMITTED = "gatewatch.counts.emitted";
    /**
     * Counter: screened scans the counts topology sent through its repartition topic because they
     * were not marked as placed by county ({@link ScreenedScanPartitioning}): written by an older
     * screening or another producer, or counts configured not to trust the input's partitioning.
     */
    public static final String COUNTS_REPARTITIONED = "gatewatch.counts.repartitioned";
    /** Gauge: age in seconds of the most silent active device (aggregate, no device tag). */
    public static final String DEVICE_SILENCE_MAX = "gatewatch.device.silence.max";
    /** Gauge: devices silent for longer than the configured silence threshold. */
    public static final String DEVICES_SILENT = "gatewatch.devices.silent";

    /** Counter: scans produced by producers. Tags: source, outcome (sent|spooled|failed). */
    public static final String PRODUCED = "gatewatch.produced";
    /** Gauge: records waiting in the gate client's offline spool. */
    public static final String SPOOL_DEPTH = "gatewatch.spool.depth";
    /** Counter: ingest requests (HTTP/MQTT). Tags: channel (http|mqtt), outcome (accepted|invalid|unauthorized|throttled|failed). */
    public static final String INGEST_REQUESTS = "gatewatch.ingest.requests";
    /** Gauge: seconds the oldest MQTT message received by the bridge has waited for its acknowledgement (0: none waits). */
    public static final String MQTT_UNACKED_OLDEST_AGE = "gatewatch.mqtt.unacked.oldest.age";

    /** Distribution summary: records per sink batch. Tag: table. */
    public static final String SINK_BATCH_SIZE = "gatewatch.sink.batch.size";
    /** Timer: sink batch write + commit duration. Tag: table. */
    public static final String SINK_BATCH_LATENCY = "gatewatch.sink.batch.latency";
    /** Counter: sink database errors (each retry counts). Tag: table. */
    public static final String SINK_ERRORS = "gatewatch.sink.errors";
    /** Gauge: 1 while the sink has exhausted its retries and stopped, else 0. */
    public static final String SINK_FAILED = "gatewatch.sink.failed";
    /**
     * Counter: poison records the sink set aside in {@code sink_dead_letter} (counted once committed).
     * Tag reason: undeserializable|contract_violation|invalid_text|out_of_range|data_exception|constraint_violation|mapping_error.
     */
    public static final String SINK_DEAD_LETTERED = "gatewatch.sink.dead.lettered";
    /** Counter: rows written. Tag: table. */
    public static final String SINK_ROWS = "gatewatch.sink.rows";
    /** Counter: rows the sink's retention purge deleted (registered at zero). Tag: table. */
    public static final String RETENTION_PURGED = "gatewatch.retention.purged";
    /** Gauge: seconds since the oldest row kept, as of the last retention purge (0: empty table). Tag: table. */
    public static final String RETENTION_OLDEST_AGE = "gatewatch.retention.oldest.age";
    /** Counter: alert deliveries by the webhook notifier, per URL. Tag outcome: delivered|failed|rejected|skipped. */
    public static final String WEBHOOK_DELIVERIES = "gatewatch.webhook.deliveries";
    /** Counter: retried webhook attempts. */
    public static final String WEBHOOK_RETRIES = "gatewatch.webhook.retries";
    /** Gauge: 1 once the webhook notifier stopped on an unexpected error, else 0. */
    public static final String WEBHOOK_FAILED = "gatewatch.webhook.failed";
}
