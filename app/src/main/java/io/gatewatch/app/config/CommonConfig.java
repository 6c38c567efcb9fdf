package io.gatewatch.app.config;

import io.gatewatch.config.Validators;
import java.util.List;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.streams.counts.CountsConfig;
import io.gatewatch.producers.sim.ScenarioConfig;
import io.gatewatch.config.ZoneIds;
import io.gatewatch.config.KafkaPassthrough;
import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.serde.AvroSerdeConfig;
import io.gatewatch.serde.WireFormat;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings every GateWatch process reads: where Kafka and the registry are, where the metrics
 * endpoint listens, how long shutdown may take. Raw Kafka client settings pass through under
 * {@value #KAFKA_PREFIX} (see {@link KafkaPassthrough}); registry client settings under
 * {@code schema.registry.} and {@code basic.auth.}, named as Confluent names them.
 */
public final class CommonConfig {
    public static final String KAFKA_PREFIX = KafkaPassthrough.PREFIX;
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** The serdes' bound on one record, defined in {@link AvroSerdeConfig}; every process decodes. */
    public static final String AVRO_MAX_RECORD_BYTES = AvroSerdeConfig.MAX_RECORD_BYTES;
    public static final String METRICS_ENABLED = "metrics.enabled";
    /** The metrics endpoint's server settings (the shared HTTP fragment) are under this prefix. */
    public static final String METRICS_PREFIX = "metrics.";
    public static final String METRICS_HOST = METRICS_PREFIX + HttpServerSettings.HOST;
    public static final String METRICS_PORT = METRICS_PREFIX + HttpServerSettings.PORT;
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    public static final String LOG_LEVEL = "log.level";
    public static final String TIME_ZONE = "time.zone";
    /**
     * The engines' own names for the deployment's zone: the application fills them from
     * {@value #TIME_ZONE} ({@link ResolvedConfig#originals()}), so one setting places every local day.
     */
    public static final List<String> ENGINE_TIME_ZONE_KEYS = List.of(CountsConfig.TIME_ZONE, ScreeningConfig.TIME_ZONE,
            ScenarioConfig.TIME_ZONE);

    public static final int DEFAULT_METRICS_PORT = 9404;

    private CommonConfig() {}

    public static ConfigDef configDef() {
        return HttpServerSettings.define(new ConfigDef(), METRICS_PREFIX, "the metrics endpoint",
                        new HttpServerSettings.Defaults(DEFAULT_METRICS_PORT, 4, 64, 1_024))
                .define(KAFKA_BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Validators.named("non-empty list of host:port", Validators::requireNonEmptyList), Importance.HIGH,
                        "Kafka brokers to bootstrap from (host:port, comma-separated). Every other 'kafka.*' setting is passed "
                                + "to every Kafka client with the prefix removed, e.g. kafka.security.protocol=SASL_SSL; "
                                + "'kafka.producer.*', 'kafka.consumer.*', 'kafka.admin.*' reach only that kind of client.")
                .define(SCHEMA_REGISTRY_URL, Type.LIST, "http://localhost:8081", Importance.HIGH,
                        "Confluent-compatible schema registry base URLs (comma-separated, tried in order). Other "
                                + "'schema.registry.*' and 'basic.auth.*' settings go to the registry client unchanged.")
                .define(AVRO_MAX_RECORD_BYTES, Type.INT, AvroSerdeConfig.MAX_RECORD_BYTES_DEFAULT,
                        Range.atLeast(WireFormat.HEADER_SIZE), Importance.LOW,
                        "Largest Kafka record (Confluent-framed key or value) any GateWatch process decodes; a larger one is "
                                + "dead-lettered undecoded (reason record_too_large). No record ever makes a decoder allocate more "
                                + "than its own size, whatever this says.")
                .define(METRICS_ENABLED, Type.BOOLEAN, true, Importance.LOW,
                        "Serve Prometheus metrics (/metrics), liveness (/health) and readiness (/ready) over HTTP.")
                .define(SHUTDOWN_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                        "How long each component may take to close on shutdown before the process moves on.")
                .define(TIME_ZONE, Type.STRING, CountsConfig.DEFAULT_TIME_ZONE, ZoneIds.validator(), Importance.HIGH,
                        "The deployment's time zone, set once for every process: local days of the counts (midnight to "
                                + "midnight, 23 or 25 hours on daylight-saving changes) and of the reports, home-observation "
                                + "periods and check-in deadlines, watchlist expiry, the simulator's daily rhythm. Changing it "
                                + "for a running deployment mixes window alignments in stored counts (streams/COUNTS.md).")
                .define(LOG_LEVEL, Type.STRING, "INFO", ConfigDef.ValidString.in("ERROR", "WARN", "INFO", "DEBUG", "TRACE"),
                        Importance.LOW,
                        "Level of GateWatch's own loggers (io.gatewatch.*); Kafka and PostgreSQL stay at WARN. Logs go to stderr.");
    }
}
