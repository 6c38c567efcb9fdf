package io.gatewatch.streams.common;

import io.gatewatch.config.KafkaConnection;
import io.gatewatch.config.KafkaPassthrough;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams runtime settings of a GateWatch topology, defined once with types, defaults,
 * validators and docs, and turned into the {@link Properties} that both
 * {@code StreamsBuilder.build(props)} and {@code new KafkaStreams(topology, props)} take.
 *
 * <p>What it imposes, whatever the input: exactly-once by default ({@code at_least_once}
 * selectable), {@code ensure.explicit.internal.resource.naming=true} (a store or internal topic
 * without an explicit name fails the build), {@code topology.optimization=all}, the
 * {@link DeadLetteringDeserializationExceptionHandler} and the {@link BoundedRocksDbConfigSetter}
 * sized by {@value #ROCKSDB_BLOCK_CACHE_BYTES} / {@value #ROCKSDB_WRITE_BUFFER_BYTES}. Raw Kafka
 * Streams and client settings (security, timeouts) pass through as {@code kafka.*} like for every
 * engine ({@link KafkaPassthrough}), e.g. {@code kafka.security.protocol=SSL} or
 * {@code kafka.max.poll.records=2000}; they cannot override the imposed settings above.
 */
public final class StreamsSettings extends AbstractConfig {
    public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String BOOTSTRAP_SERVERS = KafkaConnection.BOOTSTRAP_SERVERS;
    public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    public static final String NUM_STANDBY_REPLICAS = StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG;
    public static final String NUM_STREAM_THREADS = StreamsConfig.NUM_STREAM_THREADS_CONFIG;
    public static final String STATE_DIR = StreamsConfig.STATE_DIR_CONFIG;
    public static final String COMMIT_INTERVAL_MS = StreamsConfig.COMMIT_INTERVAL_MS_CONFIG;
    public static final String MAX_TASK_IDLE_MS = StreamsConfig.MAX_TASK_IDLE_MS_CONFIG;
    public static final String STATESTORE_CACHE_MAX_BYTES = StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG;
    public static final String ROCKSDB_BLOCK_CACHE_BYTES = BoundedRocksDbConfigSetter.BLOCK_CACHE_BYTES_CONFIG;
    public static final String ROCKSDB_WRITE_BUFFER_BYTES = BoundedRocksDbConfigSetter.WRITE_BUFFER_BYTES_CONFIG;

    /** The Streams producers' batch size, under Streams' producer prefix; {@code kafka.producer.batch.size} or {@code kafka.batch.size} overrides it. */
    public static final String PRODUCER_BATCH_SIZE = StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG);
    /**
     * 256 KiB instead of the producer's 16 KiB: a stream thread sends its output and changelog records
     * for up to a commit interval, so a partition's batch is full long before the transaction ends; the
     * larger batches took a third off the broker's and the producers' CPU per scan (BENCHMARKS.md, session 9).
     */
    public static final int DEFAULT_PRODUCER_BATCH_BYTES = 256 * 1024;

    public static final String EXACTLY_ONCE_V2 = StreamsConfig.EXACTLY_ONCE_V2;
    public static final String AT_LEAST_ONCE = StreamsConfig.AT_LEAST_ONCE;

    private static final ConfigDef DEF = KafkaConnection.defineBrokers(new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group, transactional id prefix and internal topic prefix. Changing it starts from scratch."))
            .define(PROCESSING_GUARANTEE, Type.STRING, EXACTLY_ONCE_V2, ValidString.in(EXACTLY_ONCE_V2, AT_LEAST_ONCE), Importance.HIGH,
                    "exactly_once_v2 (default): outputs, state and input offsets commit in one transaction, so no scan is lost or counted twice. "
                            + "at_least_once: faster, but a failure can replay scans (duplicate alerts and counts) or, through the de-duplication store, drop one.")
            .define(NUM_STANDBY_REPLICAS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "Warm copies of each state store on other instances, for fast fail-over.")
            .define(NUM_STREAM_THREADS, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM,
                    "Processing threads in this instance.")
            .define(STATE_DIR, Type.STRING, "gatewatch-state", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Directory for local state stores (not under the OS temp directory, which may be cleaned).")
            .define(COMMIT_INTERVAL_MS, Type.LONG, null, ConfigDef.LambdaValidator.with(
                            (name, value) -> {
                                if (value != null && (Long) value < 1) {
                                    throw new ConfigException(name, value, "must be at least 1");
                                }
                            }, () -> "null or >= 1"), Importance.LOW,
                    "Commit (and, with exactly-once, transaction) interval; unset uses Kafka's default for the guarantee (100 ms exactly-once, 30 s at-least-once). "
                            + "It bounds the end-to-end latency seen by read_committed consumers (alerts). The counts application has its own, counts.commit.interval.ms.")
            .define(MAX_TASK_IDLE_MS, Type.LONG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED, Range.atLeast(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED),
                    Importance.LOW,
                    "How long a task with several inputs waits for an input that has data on the broker but none fetched, to process "
                            + "them in timestamp order. -1 (default): never wait. GateWatch's two-input tasks (the watchlist with the "
                            + "sightings, counts' own and repartitioned scans) give the same results in either arrival order, and with "
                            + "waiting enabled Kafka Streams 4.4 formats log text on every readiness check of a task with an empty input "
                            + "(~9 % of the stream threads' time; BENCHMARKS.md). 0 is Kafka's default.")
            .define(STATESTORE_CACHE_MAX_BYTES, Type.LONG, 10L * 1024 * 1024, Range.atLeast(0), Importance.LOW,
                    "On-heap record cache shared by the stream threads (0 disables).")
            .define(ROCKSDB_BLOCK_CACHE_BYTES, Type.LONG, BoundedRocksDbConfigSetter.DEFAULT_BLOCK_CACHE_BYTES,
                    Range.atLeast(1024 * 1024), Importance.MEDIUM,
                    "Off-heap bytes shared by all RocksDB stores of the JVM for blocks, indexes, filters and memtables.")
            .define(ROCKSDB_WRITE_BUFFER_BYTES, Type.LONG, BoundedRocksDbConfigSetter.DEFAULT_WRITE_BUFFER_BYTES,
                    Range.atLeast(1024 * 1024), Importance.MEDIUM,
                    "Part of the RocksDB budget that memtables may use before they are flushed; must be smaller than "
                            + ROCKSDB_BLOCK_CACHE_BYTES + ".");

    public StreamsSettings(Map<?, ?> props) {
        super(DEF, props, false);
        if (getLong(ROCKSDB_WRITE_BUFFER_BYTES) >= getLong(ROCKSDB_BLOCK_CACHE_BYTES)) {
            throw new ConfigException(ROCKSDB_WRITE_BUFFER_BYTES, getLong(ROCKSDB_WRITE_BUFFER_BYTES),
                    "must be smaller than " + ROCKSDB_BLOCK_CACHE_BYTES + " (" + getLong(ROCKSDB_BLOCK_CACHE_BYTES) + ")");
        }
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public boolean exactlyOnce() {
        return EXACTLY_ONCE_V2.equals(getString(PROCESSING_GUARANTEE));
    }

    /**
     * The properties for {@code StreamsBuilder.build} and {@code KafkaStreams}. The registry is
     * handed to the deserialization handler (Kafka Streams creates it by class name).
     */
    public Properties toStreamsProperties(MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        Properties props = new Properties();
        Map<String, Object> raw = KafkaConnection.passthrough(this).streams();
        if (!raw.containsKey(ProducerConfig.BATCH_SIZE_CONFIG) && !raw.containsKey(PRODUCER_BATCH_SIZE)) {
            props.put(PRODUCER_BATCH_SIZE, DEFAULT_PRODUCER_BATCH_BYTES);
        }
        props.putAll(raw);
        props.put(APPLICATION_ID, getString(APPLICATION_ID));
        props.put(BOOTSTRAP_SERVERS, KafkaConnection.bootstrapServers(this));
        props.put(PROCESSING_GUARANTEE, getString(PROCESSING_GUARANTEE));
        props.put(NUM_STANDBY_REPLICAS, getInt(NUM_STANDBY_REPLICAS));
        props.put(NUM_STREAM_THREADS, getInt(NUM_STREAM_THREADS));
        props.put(STATE_DIR, getString(STATE_DIR));
        if (getLong(COMMIT_INTERVAL_MS) != null) {
            props.put(COMMIT_INTERVAL_MS, getLong(COMMIT_INTERVAL_MS));
        }
        props.put(MAX_TASK_IDLE_MS, getLong(MAX_TASK_IDLE_MS));
        props.put(STATESTORE_CACHE_MAX_BYTES, getLong(STATESTORE_CACHE_MAX_BYTES));
        props.put(ROCKSDB_BLOCK_CACHE_BYTES, getLong(ROCKSDB_BLOCK_CACHE_BYTES));
        props.put(ROCKSDB_WRITE_BUFFER_BYTES, getLong(ROCKSDB_WRITE_BUFFER_BYTES));
        imposeOn(props, meterRegistry);
        return props;
    }

    /**
     * Sets what every GateWatch topology relies on (explicit names, the dead-letter handler, bounded
     * RocksDB) on existing properties; for tests that build their own properties.
     */
    public static Properties imposeOn(Properties props, MeterRegistry meterRegistry) {
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringDeserializationExceptionHandler.class);
        // The global thread (device registry) follows the same processing-error policy as the
        // stream threads; Kafka 5.0 makes this the default.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfigSetter.class);
        props.put(DeadLetteringDeserializationExceptionHandler.METER_REGISTRY_CONFIG, meterRegistry);
        return props;
    }
}
