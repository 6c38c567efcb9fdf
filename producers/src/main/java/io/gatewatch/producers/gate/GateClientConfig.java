package io.gatewatch.producers.gate;

import io.gatewatch.config.KafkaConnection;
import io.gatewatch.schema.AreaCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of a {@link GateClient}, defined once with type, default, validator and doc; a bad
 * value fails construction with a {@link ConfigException} naming the key. Raw Kafka producer
 * settings (TLS, SASL, compression) pass through as {@code kafka.*} ({@link KafkaConnection}), except
 * {@code enable.idempotence} and {@code acks}, which the client always sets ({@code true},
 * {@code all}). Registry client settings use their Confluent names ({@code schema.registry.*},
 * {@code basic.auth.*}).
 */
public final class GateClientConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = KafkaConnection.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = KafkaConnection.SCHEMA_REGISTRY_URL;
    public static final String PSEUDONYM_SECRET = "pseudonym.secret";
    public static final String DEVICE_ID = "device.id";
    public static final String CHECKPOINT_ID = "checkpoint.id";
    public static final String VILLAGE_CODE = "village.code";
    public static final String SPOOL_DIR = "spool.dir";
    public static final String SPOOL_MAX_BYTES = "spool.max.bytes";
    public static final String SPOOL_SEGMENT_BYTES = "spool.segment.bytes";
    public static final String SPOOL_FSYNC_POLICY = "spool.fsync.policy";
    public static final String SPOOL_FSYNC_INTERVAL_MS = "spool.fsync.interval.ms";
    public static final String DRAIN_INTERVAL_MS = "drain.interval.ms";
    public static final String DRAIN_BATCH_SIZE = "drain.batch.size";
    public static final String SEND_TIMEOUT_MS = "send.timeout.ms";
    public static final String SEND_BLOCK_MS = "send.block.ms";
    public static final String CLOSE_TIMEOUT_MS = "close.timeout.ms";

    /** HMAC-SHA256 wants a key of at least 16 bytes; {@link Pseudonymizer} enforces the same. */
    public static final int MIN_SECRET_BYTES = 16;

    private static final ConfigDef DEF = KafkaConnection.define(new ConfigDef())
            .define(PSEUDONYM_SECRET, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, secretLength(), Importance.HIGH,
                    "Deployment HMAC-SHA256 secret (UTF-8) that turns identity numbers into person tokens and vehicle plates into "
                            + "plate tokens. The same on every "
                            + "gate and ingest channel, so tokens match. Never logged.")
            .define(DEVICE_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Id of this gate device as registered in gatewatch.devices; the record key of every scan it sends.")
            .define(CHECKPOINT_ID, Type.STRING, null, Importance.MEDIUM,
                    "Checkpoint the device stands at, as the device knows it (the device registry is authoritative).")
            .define(VILLAGE_CODE, Type.STRING, null, villageCode(), Importance.MEDIUM,
                    "12-digit statistical division code of the checkpoint's village (the device registry is authoritative).")
            .define(SPOOL_DIR, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Directory of the spool, the write-ahead log every scan passes through on its way to Kafka; created "
                            + "if missing; one client per directory (locked). Keep it on persistent storage: accepted scans "
                            + "not yet acknowledged by Kafka live only here.")
            .define(SPOOL_MAX_BYTES, Type.LONG, 256L << 20, Range.atLeast(4096), Importance.HIGH,
                    "Upper bound of the spool on disk. When full, new scans are refused with SpoolFullException "
                            + "(counted as outcome=failed), never dropped silently.")
            .define(SPOOL_SEGMENT_BYTES, Type.LONG, 16L << 20, Range.atLeast(1024), Importance.LOW,
                    "Size of one spool segment file; delivered segments are deleted whole. At most spool.max.bytes.")
            .define(SPOOL_FSYNC_POLICY, Type.STRING, FsyncPolicy.ALWAYS.configValue(),
                    ConfigDef.CaseInsensitiveValidString.in("always", "interval", "never"), Importance.MEDIUM,
                    "When spooled scans are forced to the device: always (before submit returns, one fsync shared by "
                            + "concurrent submitters; survives power loss), interval (every spool.fsync.interval.ms; a power "
                            + "cut may lose that much), never (OS decides). A process crash loses nothing under any policy.")
            .define(SPOOL_FSYNC_INTERVAL_MS, Type.LONG, 1000L, Range.atLeast(1), Importance.LOW,
                    "Fsync interval for spool.fsync.policy=interval.")
            .define(DRAIN_INTERVAL_MS, Type.LONG, 1000L, Range.atLeast(10), Importance.MEDIUM,
                    "How long the drainer waits between probes while Kafka is unreachable, and at most between checks "
                            + "of an idle spool (a submit wakes it at once).")
            .define(DRAIN_BATCH_SIZE, Type.INT, 500, Range.atLeast(1), Importance.LOW,
                    "Scans sent per drain round; the spool's acknowledged position moves once Kafka acknowledged them.")
            .define(SEND_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(1000), Importance.MEDIUM,
                    "How long the drainer waits for Kafka to acknowledge a spooled scan before it gives the round up and "
                            + "probes again (the producer's delivery.timeout.ms; request.timeout.ms is derived to fit). "
                            + "The scan stays in the spool.")
            .define(SEND_BLOCK_MS, Type.LONG, 2000L, Range.atLeast(0), Importance.MEDIUM,
                    "How long a drain send may block when the producer has no metadata or no buffer room "
                            + "(max.block.ms) before the round is given up; submit never waits for Kafka.")
            .define(CLOSE_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                    "How long close() lets the drainer finish its round; scans Kafka has not acknowledged by then stay "
                            + "in the spool for the next client on the directory.");

    public GateClientConfig(Map<?, ?> props) {
        super(DEF, props, false);
        if (getLong(SPOOL_SEGMENT_BYTES) > getLong(SPOOL_MAX_BYTES)) {
            throw new ConfigException(SPOOL_SEGMENT_BYTES, getLong(SPOOL_SEGMENT_BYTES),
                    "must not exceed " + SPOOL_MAX_BYTES + " (" + getLong(SPOOL_MAX_BYTES) + ")");
        }
    }

    /** A copy of the definitions, for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public String deviceId() {
        return getString(DEVICE_ID);
    }

    public Path spoolDir() {
        return Path.of(getString(SPOOL_DIR));
    }

    public FileSpool.Options spoolOptions() {
        return new FileSpool.Options(getLong(SPOOL_MAX_BYTES), getLong(SPOOL_SEGMENT_BYTES),
                FsyncPolicy.parse(getString(SPOOL_FSYNC_POLICY)), Duration.ofMillis(getLong(SPOOL_FSYNC_INTERVAL_MS)));
    }

    public Duration drainInterval() {
        return Duration.ofMillis(getLong(DRAIN_INTERVAL_MS));
    }

    public Duration closeTimeout() {
        return Duration.ofMillis(getLong(CLOSE_TIMEOUT_MS));
    }

    public Pseudonymizer pseudonymizer() {
        return new Pseudonymizer(getPassword(PSEUDONYM_SECRET).value().getBytes(StandardCharsets.UTF_8));
    }

    public PlateTokens plateTokens() {
        return new PlateTokens(getPassword(PSEUDONYM_SECRET).value().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Producer settings: bootstrap servers, timeouts from this config, then {@code kafka.*} / {@code kafka.producer.*}
     * overrides, then the settings no override may change (idempotence, {@code acks=all}).
     */
    public Map<String, Object> producerProps() {
        int deliveryTimeout = getInt(SEND_TIMEOUT_MS);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gatewatch-gate-" + deviceId());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout);
        // the producer insists on delivery.timeout.ms >= linger.ms + request.timeout.ms
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, deliveryTimeout - 5));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, getLong(SEND_BLOCK_MS));
        props.putAll(KafkaConnection.passthrough(this).producer());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaConnection.bootstrapServers(this));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /** Serde and registry-client settings, under their Confluent names. */
    public Map<String, Object> serdeProps() {
        return KafkaConnection.registryProperties(this);
    }

    private static ConfigDef.Validator secretLength() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null || ((Password) value).value().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                // the Password itself prints as [hidden], so the error never echoes the secret
                throw new ConfigException(name, value, "must be at least " + MIN_SECRET_BYTES + " bytes (UTF-8)");
            }
        }, () -> "secret of at least " + MIN_SECRET_BYTES + " bytes");
    }

    private static ConfigDef.Validator villageCode() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value != null && !AreaCodes.isVillageCode(value.toString())) {
                throw new ConfigException(name, value, "must be 12 digits");
            }
        }, () -> "12 digits, or unset");
    }
}
