package io.gatewatch.sinks.jdbc;

import io.gatewatch.config.Validators;
import io.gatewatch.sinks.kafka.KafkaClientSettings;
import io.gatewatch.sinks.retry.Backoff;
import io.gatewatch.sinks.retry.BackoffSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the PostgreSQL sink, defined once with type, default, validator and doc; a bad value
 * fails at construction with a message naming the key. Kafka client settings pass through under
 * {@code kafka.} (see {@link KafkaClientSettings}).
 */
public final class SinkConfig extends AbstractConfig {
    public static final String JDBC_URL = "jdbc.url";
    public static final String JDBC_USER = "jdbc.user";
    public static final String JDBC_PASSWORD = "jdbc.password";
    public static final String JDBC_POOL_MAX_SIZE = "jdbc.pool.max.size";
    public static final String JDBC_CONNECTION_TIMEOUT_MS = "jdbc.connection.timeout.ms";
    public static final String DB_MIGRATE = "db.migrate";
    public static final String TOPICS = "topics";
    public static final String BATCH_MAX_RECORDS = "batch.max.records";
    public static final String BATCH_MAX_MS = "batch.max.ms";
    public static final String POLL_TIMEOUT_MS = KafkaClientSettings.POLL_TIMEOUT_MS;
    private static final BackoffSettings DB_RETRY = new BackoffSettings("db.");
    public static final String DB_RETRIES = DB_RETRY.retries();
    public static final String DB_RETRY_BACKOFF_MS = DB_RETRY.initialMs();
    public static final String DB_RETRY_BACKOFF_MAX_MS = DB_RETRY.maxMs();
    public static final String REJECTED_DETAIL_MAX_ROWS = "rejected.detail.max.rows";
    public static final String RETENTION_ALERT_DAYS = "retention.alert.days";
    public static final String RETENTION_AREA_COUNT_DAYS = "retention.area.count.days";
    public static final String RETENTION_REJECTED_DETAIL_DAYS = "retention.rejected.detail.days";
    public static final String RETENTION_REJECTED_SUMMARY_DAYS = "retention.rejected.summary.days";
    public static final String RETENTION_LATE_SUMMARY_DAYS = "retention.late.summary.days";
    public static final String RETENTION_DEAD_LETTER_DAYS = "retention.dead.letter.days";
    public static final String RETENTION_OBSERVATION_DAYS = "retention.observation.days";
    public static final String RETENTION_PURGE_INTERVAL_MS = "retention.purge.interval.ms";
    public static final String RETENTION_DELETE_BATCH_ROWS = "retention.delete.batch.rows";

    public static final String DEFAULT_GROUP = "gatewatch-sink";

    /** Every topic the sink knows how to store; the default subscription. */
    public static final List<String> SUPPORTED_TOPICS = TableWriters.ALL.stream()
            .flatMap(writer -> writer.topics().stream()).toList();

    /** One table the purger trims: its setting (days, 0 keeps rows forever), the column a row's age counts from, the default. */
    private record Retention(String key, String table, String timeColumn, int defaultDays, String doc) {}

    private static final List<Retention> RETENTIONS = List.of(
            new Retention(RETENTION_ALERT_DAYS, "alert", "scanned_at", 28,
                    "Days an alert row (person token, temperature, health code) is kept, by scan time; 0 keeps alerts forever."),
            new Retention(RETENTION_AREA_COUNT_DAYS, "area_count", "window_start", 730,
                    "Days an area_count row (aggregates, no person) is kept, by window start; 0 keeps them forever."),
            new Retention(RETENTION_REJECTED_DETAIL_DAYS, "rejected_scan_detail", "record_time", 7,
                    "Days a rejected_scan_detail row is kept, by record time (besides rejected.detail.max.rows); 0 keeps them forever."),
            new Retention(RETENTION_REJECTED_SUMMARY_DAYS, "rejected_scan_summary", "hour_start", 28,
                    "Days a rejected_scan_summary row is kept, by hour; 0 keeps them forever."),
            new Retention(RETENTION_LATE_SUMMARY_DAYS, "late_scan_summary", "hour_start", 28,
                    "Days a late_scan_summary row is kept, by event hour; 0 keeps them forever."),
            new Retention(RETENTION_DEAD_LETTER_DAYS, "sink_dead_letter", "stored_at", 28,
                    "Days a sink_dead_letter row is kept, by the time it was stored; 0 keeps them forever."),
            new Retention(RETENTION_OBSERVATION_DAYS, "observation", "ends_on", 28,
                    "Days an observation row (who is under medical observation: the most sensitive health data) is kept after "
                    + "the observation ends, counted from the later of its to_date and released_on; 0 keeps them forever."));

    private static final ConfigDef DEF = define();

    private static ConfigDef define() {
        ConfigDef def = KafkaClientSettings.define(new ConfigDef(), DEFAULT_GROUP)
                .define(JDBC_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://db:5432/gatewatch.")
                .define(JDBC_USER, Type.STRING, "", Importance.HIGH, "Database user.")
                .define(JDBC_PASSWORD, Type.PASSWORD, "", Importance.HIGH, "Database password.")
                .define(JDBC_POOL_MAX_SIZE, Type.INT, 2, Range.atLeast(1), Importance.LOW,
                        "Connections in the pool. A sink instance writes one batch at a time, so 2 suffice.")
                .define(JDBC_CONNECTION_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(250), Importance.LOW,
                        "How long to wait for a database connection before the attempt counts as a failure.")
                .define(DB_MIGRATE, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Apply the Flyway migrations (classpath:db/migration) at start. Concurrent instances are safe: Flyway takes a database lock.")
                .define(TOPICS, Type.LIST, SUPPORTED_TOPICS, Validators.named("any of the topics named in the description", SinkConfig::validateTopics), Importance.MEDIUM,
                        "Topics to store; each must be one the sink has a table for: " + SUPPORTED_TOPICS + ".")
                .define(BATCH_MAX_RECORDS, Type.INT, 500, Range.between(1, 100_000), Importance.MEDIUM,
                        "A batch is written once it holds this many records (size bound).")
                .define(BATCH_MAX_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.MEDIUM,
                        "A non-empty batch is written at the latest this long after its first record arrived (time bound).");
        KafkaClientSettings.definePollTimeout(def, 200L);
        DB_RETRY.define(def, new Backoff(Duration.ofMillis(200), Duration.ofMillis(10_000), 5),
                "Retries of a failed database write before the sink stops in the failed state (gatewatch.sink.failed = 1).",
                "Upper bound of the wait between retries. Keep the whole retry budget below kafka.max.poll.interval.ms (default 300000).");
        def.define(REJECTED_DETAIL_MAX_ROWS, Type.INT, 10_000, Range.atLeast(0), Importance.LOW,
                "Rows kept in rejected_scan_detail (the newest); older ones are pruned in the same transaction. 0 keeps no detail.");
        for (Retention retention : RETENTIONS) {
            def.define(retention.key(), Type.INT, retention.defaultDays(), Range.atLeast(0), Importance.MEDIUM, retention.doc());
        }
        return def.define(RETENTION_PURGE_INTERVAL_MS, Type.LONG, 3_600_000L, Range.atLeast(1_000), Importance.LOW,
                        "How often the sink deletes rows older than their retention (first run a minute after start-up).")
                .define(RETENTION_DELETE_BATCH_ROWS, Type.INT, 5_000, Range.between(1, 1_000_000), Importance.LOW,
                        "Rows deleted per statement and transaction while purging; batches repeat until one deletes fewer.");
    }

    public SinkConfig(Map<?, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    private static void validateTopics(String name, Object value) {
        Validators.requireNonEmptyList(name, value);
        for (Object topic : (List<?>) value) {
            if (!SUPPORTED_TOPICS.contains(String.valueOf(topic))) {
                throw new ConfigException(name, value, "the sink has no table for topic " + topic);
            }
        }
    }

    public String jdbcUrl() {
        return getString(JDBC_URL);
    }

    public String jdbcUser() {
        return getString(JDBC_USER);
    }

    public String jdbcPassword() {
        return getPassword(JDBC_PASSWORD).value();
    }

    public String groupId() {
        return getString(KafkaClientSettings.GROUP_ID);
    }

    public List<String> topics() {
        return getList(TOPICS);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS);
    }

    public Duration batchMaxAge() {
        return Duration.ofMillis(getLong(BATCH_MAX_MS));
    }

    public Duration pollTimeout() {
        return KafkaClientSettings.pollTimeout(this);
    }

    public Backoff backoff() {
        return DB_RETRY.from(this);
    }

    public int rejectedDetailMaxRows() {
        return getInt(REJECTED_DETAIL_MAX_ROWS);
    }

    /** What the {@link RetentionPurger} deletes: one rule per table whose retention is not 0 (forever). */
    public List<RetentionRule> retentionRules() {
        return RETENTIONS.stream()
                .filter(retention -> getInt(retention.key()) > 0)
                .map(retention -> new RetentionRule(retention.table(), retention.timeColumn(), Duration.ofDays(getInt(retention.key()))))
                .toList();
    }

    public Duration retentionPurgeInterval() {
        return Duration.ofMillis(getLong(RETENTION_PURGE_INTERVAL_MS));
    }

    public int retentionDeleteBatchRows() {
        return getInt(RETENTION_DELETE_BATCH_ROWS);
    }

    public boolean migrate() {
        return getBoolean(DB_MIGRATE);
    }
}
