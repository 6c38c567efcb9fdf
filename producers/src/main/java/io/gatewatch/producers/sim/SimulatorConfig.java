package io.gatewatch.producers.sim;

import io.gatewatch.config.KafkaConnection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the {@link Simulator}: the scenario ({@link ScenarioConfig}'s {@code sim.*} keys),
 * where to publish, how fast, and how long a Kafka outage it rides out. Kafka and the registry as every
 * engine takes them ({@link KafkaConnection}; raw producer settings as {@code kafka.*}); idempotence, {@code acks=all} and the timeouts derived
 * from {@value #KAFKA_UNAVAILABLE_MAX_MS} are imposed.
 */
public final class SimulatorConfig extends ScenarioConfig {
    public static final String BOOTSTRAP_SERVERS = KafkaConnection.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = KafkaConnection.SCHEMA_REGISTRY_URL;
    public static final String RATE_EVENTS_PER_SECOND = "sim.rate.events.per.second";
    public static final String SPEED = "sim.speed";
    public static final String PUBLISH_DEVICES = "sim.publish.devices";
    public static final String PUBLISH_WATCHLIST = "sim.publish.watchlist";
    public static final String KAFKA_UNAVAILABLE_MAX_MS = "sim.kafka.unavailable.max.ms";

    private static final ConfigDef DEF = KafkaConnection.define(ScenarioConfig.define(new ConfigDef()))
            .define(RATE_EVENTS_PER_SECOND, Type.DOUBLE, 0.0, Range.atLeast(0.0), Importance.HIGH,
                    "Upper bound on records sent per wall-clock second; 0 = no bound.")
            .define(SPEED, Type.DOUBLE, 0.0, Range.atLeast(0.0), Importance.HIGH,
                    "Simulated seconds per wall-clock second (288 plays a day in 5 minutes): records wait for their simulated "
                            + "send time. 0 = do not follow the simulated clock. With both limits 0, records go as fast as Kafka takes them.")
            .define(PUBLISH_DEVICES, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Publish the device registry to gatewatch.devices (and wait for it to be acknowledged) before the first scan.")
            .define(PUBLISH_WATCHLIST, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Publish the simulated watchlist to gatewatch.observation (as 'gatewatch observation import' would, "
                            + "timestamped a second before sim.start, and wait for it to be acknowledged) before the first scan.")
            .define(KAFKA_UNAVAILABLE_MAX_MS, Type.LONG, 300_000L, Range.between(1_000L, (long) Integer.MAX_VALUE), Importance.MEDIUM,
                    "Longest Kafka (or registry) outage the simulator rides out: sending pauses and every record is retried, "
                            + "in order and without duplicates, until Kafka acknowledges it, for up to this long. Beyond it "
                            + "the simulator stops with a message naming the records Kafka did not acknowledge. Sets the "
                            + "producer's delivery.timeout.ms and max.block.ms.");

    public SimulatorConfig(Map<?, ?> props) {
        super(DEF, props);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    /** Only the keys that belong to the publisher (not the scenario), for documentation. */
    public static ConfigDef publisherConfigDef() {
        ConfigDef def = new ConfigDef();
        java.util.Set<String> scenarioKeys = ScenarioConfig.configDef().names();
        DEF.configKeys().values().stream()
                .filter(key -> !scenarioKeys.contains(key.name))
                .forEach(def::define);
        return def;
    }

    /**
     * Producer settings: bootstrap servers, {@code kafka.*} overrides, then idempotence,
     * {@code acks=all} and the timeouts derived from {@value #KAFKA_UNAVAILABLE_MAX_MS} (the producer
     * retries a record internally, in order and without duplicates, for that long).
     */
    public Map<String, Object> producerProps() {
        int unavailableMax = (int) kafkaUnavailableMax().toMillis();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gatewatch-simulator");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.putAll(KafkaConnection.passthrough(this).producer());
        int linger = Integer.parseInt(props.get(ProducerConfig.LINGER_MS_CONFIG).toString());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, unavailableMax);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) unavailableMax);
        // the producer insists on delivery.timeout.ms >= linger.ms + request.timeout.ms
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, Math.min(30_000, unavailableMax - linger)));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaConnection.bootstrapServers(this));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /** How long Kafka may fail to acknowledge before the simulator gives up ({@value #KAFKA_UNAVAILABLE_MAX_MS}). */
    public java.time.Duration kafkaUnavailableMax() {
        return java.time.Duration.ofMillis(getLong(KAFKA_UNAVAILABLE_MAX_MS));
    }

    /** Serde and registry-client settings, under their Confluent names. */
    public Map<String, Object> serdeProps() {
        return KafkaConnection.registryProperties(this);
    }
}
