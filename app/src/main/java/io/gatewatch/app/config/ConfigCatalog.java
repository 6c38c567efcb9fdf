package io.gatewatch.app.config;

import io.gatewatch.producers.http.HttpIngestConfig;
import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.producers.mqtt.MqttBridgeConfig;
import io.gatewatch.producers.sim.SimulatorConfig;
import io.gatewatch.registry.server.EmbeddedSchemaRegistryConfig;
import io.gatewatch.streams.counts.CountsConfig;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.sinks.jdbc.SinkConfig;
import io.gatewatch.sinks.subscriber.SubscriberConfig;
import io.gatewatch.sinks.webhook.WebhookConfig;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import java.util.Set;

/**
 * Every setting GateWatch knows, by section: the single list that start-up validation, the
 * generated docs/CONFIG.md and the docker-compose check read. Engine modules own their
 * {@code ConfigDef}s; this catalogue only lists them.
 */
public final class ConfigCatalog {
    /** Keys under these prefixes pass through to Kafka clients or the registry client unchecked here. */
    public static final List<String> PASSTHROUGH_PREFIXES = List.of(CommonConfig.KAFKA_PREFIX, "schema.registry.", "basic.auth.",
            HttpIngestConfig.CLIENT_PREFIX, "registry.kafkastore.", "registry." + EmbeddedSchemaRegistryConfig.AUTHENTICATION_USER_PREFIX,
            ReportSettings.READER_PREFIX);

    public static final String DEMO = "demo";
    public static final String TOPICS = "topics";
    public static final String DEVICES = "devices";
    public static final String INGEST = "ingest";
    public static final String MQTT_BRIDGE = "mqtt-bridge";
    public static final String REGISTRY = "registry";
    public static final String SINK = "sink";
    public static final String SUBSCRIBE = "subscribe";
    public static final String WEBHOOK = "webhook";
    public static final String STREAMS = "streams";
    public static final String SIMULATE = "simulate";
    public static final String REPORT = "report";
    public static final String OBSERVATION = "observation";
    public static final String REGISTRY_SECTION = "Embedded schema registry";
    public static final String SINK_SECTION = "PostgreSQL sink";
    public static final String SUBSCRIBER_SECTION = "Alert subscriber";
    public static final String WEBHOOK_SECTION = "Webhook notifier";
    public static final String STREAMS_SECTION = "Kafka Streams";
    public static final String OBSERVATION_RETENTION_DAYS = "observation.retention.days";
    public static final String DEVICES_SILENCE_ENABLED = "devices.silence.enabled";
    public static final String DEVICES_SILENCE_THRESHOLD_MS = "devices.silence.threshold.ms";
    /** The embedded registry's own keys appear under this prefix. */
    public static final String REGISTRY_PREFIX = "registry.";

    private static final List<ConfigSection> SECTIONS = List.of(
            new ConfigSection("Common", Set.of("*"),
                    "Read by every process: Kafka, schema registry, metrics endpoint, shutdown.",
                    CommonConfig.configDef()),
            new ConfigSection("Topics", Set.of(TOPICS, DEMO),
                    "How GateWatch's topics are created.",
                    TopicsConfig.configDef()),
            new ConfigSection("Demo", Set.of(DEMO),
                    "The one-command local stack. It also runs the HTTP ingest (all `http.*` settings apply; by default on "
                            + "127.0.0.1, any free port, with one client `demo` whose token is written to `<data dir>/ingest-demo.token`) "
                            + "and, unless `pseudonym.secret` is set, a random secret kept in `<data dir>/pseudonym.secret`.",
                    DemoConfig.configDef()),
            ConfigSection.prefixed(REGISTRY_SECTION, Set.of(REGISTRY, DEMO),
                    "`gatewatch registry`: GateWatch's own Confluent-compatible registry (schemas kept in a compacted Kafka "
                            + "topic on `kafka.bootstrap.servers`; see registry/README.md). Each user of `registry.authentication.users` "
                            + "needs `registry.authentication.user.<name>.secret`. Its settings, under `registry.`; "
                            + "other `registry.kafkastore.*` keys reach its Kafka clients. The demo runs one on 127.0.0.1 too.",
                    REGISTRY_PREFIX, EngineConfigs.filter(EmbeddedSchemaRegistryConfig.configDef(),
                            k -> !k.equals(EmbeddedSchemaRegistryConfig.KAFKASTORE_BOOTSTRAP_SERVERS))),
            ConfigSection.prefixed(SINK_SECTION, Set.of(SINK),
                    "`gatewatch sink`: alerts, counts, rejected/late-scan summaries and device registrations into PostgreSQL with "
                            + "exactly-once effect (offsets in the same transaction; see sinks/README.md). The sink's own settings under "
                            + "`sink.`; instances sharing `sink.group.id` split the partitions. The demo sets `sink.jdbc.*` itself.",
                    "sink.", EngineConfigs.withoutCommon(SinkConfig.configDef())),
            ConfigSection.prefixed(SUBSCRIBER_SECTION, Set.of(SUBSCRIBE),
                    "`gatewatch subscribe`: follow the alert topics live, filtered, as readable lines or JSON lines (for health "
                            + "authorities). Settings under `subscriber.`.",
                    "subscriber.", EngineConfigs.withoutCommon(SubscriberConfig.configDef())),
            ConfigSection.prefixed(WEBHOOK_SECTION, Set.of(WEBHOOK),
                    "`gatewatch webhook`: POST filtered alerts as HMAC-signed JSON to URLs, at least once with an idempotency key "
                            + "(see sinks/README.md). Settings under `webhook.`.",
                    "webhook.", EngineConfigs.withoutCommon(WebhookConfig.configDef())),
            StreamsAppConfig.section(Set.of(STREAMS, DEMO)),
            new ConfigSection("Gate silence", Set.of(STREAMS, DEMO),
                    "The `streams` process also watches which registered gate devices went quiet (gauges "
                            + "gatewatch_device_silence_max and gatewatch_devices_silent, for the GateSilent alert).",
                    new ConfigDef()
                            .define(DEVICES_SILENCE_ENABLED, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
                                    "Expose the gate-silence gauges (one extra consumer of the device registry and the scan keys).")
                            .define(DEVICES_SILENCE_THRESHOLD_MS, ConfigDef.Type.LONG, 30 * 60_000L, ConfigDef.Range.atLeast(1_000),
                                    ConfigDef.Importance.MEDIUM, "A registered device not heard from for this long counts as silent.")),
            new ConfigSection("Screening", Set.of(STREAMS, DEMO),
                    "The screening topology: validation, de-duplication, enrichment, classification, escalations (see streams/).",
                    EngineConfigs.withoutCommon(ScreeningConfig.configDef())),
            new ConfigSection("Counts", Set.of(STREAMS, DEMO),
                    "The counts topology: hourly and local-day windows per checkpoint, village, township, county (see streams/).",
                    EngineConfigs.withoutCommon(CountsConfig.configDef())),
            new ConfigSection("Simulator", Set.of(SIMULATE, DEMO),
                    "`gatewatch simulate` (and the demo's traffic): a deterministic synthetic county — villages, checkpoints, "
                            + "devices, residents and visitors, fevers, non-green codes, Fahrenheit and cold devices, duplicates, "
                            + "offline gates uploading late — published to gatewatch.devices and gatewatch.scans. The demo sets "
                            + "`sim.speed=1`, an endless scenario starting now, a flat hourly profile and the scan volume from "
                            + "`--rate`, unless given.",
                    EngineConfigs.withoutCommon(SimulatorConfig.configDef())),
            new ConfigSection("Reports", Set.of(REPORT, DEMO),
                    "`gatewatch report`: the daily situation report from the sink's database (see docs/REPORTS.md), printed "
                            + "once or served over HTTP(S) at /reports/daily with `--serve`, to declared readers only: each reader "
                            + "(`report.readers`) holds a bearer token or a client certificate and reads the areas under its "
                            + "`report.reader.<id>.areas` prefixes (401 without credentials, 403 outside them). The demo serves "
                            + "reports on their own port (any free one unless `report.http.port` is set) to one reader, `demo`, "
                            + "whose token is written to `<data dir>/report-demo.token`.",
                    ReportSettings.configDef()),
            new ConfigSection("Observation watchlist", Set.of(OBSERVATION),
                    "`gatewatch observation expire`: how long the watchlist keeps an entry after the observation ended "
                            + "(see docs/PRIVACY.md); run it daily, e.g. from cron.",
                    new ConfigDef()
                            .define(OBSERVATION_RETENTION_DAYS, ConfigDef.Type.INT, 28, ConfigDef.Range.between(0, 3660),
                                    ConfigDef.Importance.HIGH, "Days an entry stays on gatewatch.observation after its first free day "
                                            + "(release day, or the day after the last ordered day); 'observation expire' then "
                                            + "writes its tombstone and compaction deletes it (today: in time.zone).")),
            new ConfigSection("Pseudonymisation", Set.of(INGEST, MQTT_BRIDGE, OBSERVATION),
                    "The deployment secret that turns raw identity numbers into person tokens at the edge (and in "
                            + "`gatewatch observation import|release` files).",
                    EngineConfigs.filter(IngestCommonConfig.define(new ConfigDef()), k -> k.equals(IngestCommonConfig.PSEUDONYM_SECRET))),
            new ConfigSection("HTTP ingest", Set.of(INGEST),
                    "`gatewatch ingest`: JSON scans over HTTP from phone apps, clinics, pharmacies and staff systems (see "
                            + "producers/INGEST.md). Per client: `http.client.<id>.token` (secret, at least 16 characters) and "
                            + "`http.client.<id>.sources` (scan sources it may send), for each id in `http.clients`.",
                    withoutCommonOrSecret(HttpIngestConfig.configDef())),
            new ConfigSection("MQTT bridge", Set.of(MQTT_BRIDGE),
                    "`gatewatch mqtt-bridge`: JSON scans from gate devices over MQTT (QoS 1) into Kafka (see producers/INGEST.md).",
                    withoutCommonOrSecret(MqttBridgeConfig.configDef())));

    private ConfigCatalog() {}

    /** An ingest channel's own settings: without the keys from the common settings and the pseudonym secret (listed under Pseudonymisation). */
    private static ConfigDef withoutCommonOrSecret(ConfigDef channel) {
        return EngineConfigs.filter(EngineConfigs.withoutCommon(channel), k -> !k.equals(IngestCommonConfig.PSEUDONYM_SECRET));
    }

    /** The section named {@code name}. */
    public static ConfigSection section(String name) {
        return SECTIONS.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No config section " + name));
    }

    public static List<ConfigSection> sections() {
        return SECTIONS;
    }

    /** The sections a subcommand reads (the common one included). */
    public static List<ConfigSection> sectionsFor(String command) {
        return SECTIONS.stream().filter(s -> s.usedBy().contains("*") || s.usedBy().contains(command)).toList();
    }

    /** True when some section defines {@code key} or it lies under a pass-through prefix. */
    public static boolean isKnown(String key) {
        return isPassthrough(key) || SECTIONS.stream().anyMatch(s -> s.defines(key));
    }

    public static boolean isPassthrough(String key) {
        return PASSTHROUGH_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
    }
}
