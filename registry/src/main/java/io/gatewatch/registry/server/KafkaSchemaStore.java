package io.gatewatch.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.registry.CompatibilityLevel;
import io.gatewatch.registry.RegistryState;
import io.gatewatch.registry.SchemaRegistryException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable log: every {@link RegistryState.Change} is written to a compacted,
 * single-partition Kafka topic (default {@code _schemas}) with {@code acks=all} and an idempotent
 * producer before it is applied, and the whole topic is replayed into the state at start-up, so a
 * restart on the same cluster serves the same ids.
 *
 * <p>Records follow Confluent's layout: JSON keys {@code {"keytype":"SCHEMA","subject","version","magic":1}}
 * and {@code {"keytype":"CONFIG","subject","magic":0}} (one key per subject version and per config
 * scope, so compaction never drops a live registration); values
 * {@code {"subject","version","id","schema","deleted":false}} and {@code {"compatibilityLevel"}}.
 * Other key types (a Confluent registry's NOOP or MODE records) are skipped.
 *
 * <p>Single writer: one embedded registry per topic. If a write fails or times out it may still
 * land later, so before the next write the store reads the topic tail; if that finds changes it
 * applies them and fails the write with 50001 (retriable), so the next attempt allocates ids from
 * the true state.
 */
final class KafkaSchemaStore implements RegistryState.Persister, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA_KEY = "SCHEMA";
    private static final String CONFIG_KEY = "CONFIG";

    private final EmbeddedSchemaRegistryConfig config;
    private final TopicPartition partition;
    private RegistryState state;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> reader;
    private boolean suspect;

    KafkaSchemaStore(EmbeddedSchemaRegistryConfig config) {
        this.config = config;
        this.partition = new TopicPartition(config.topic(), 0);
    }

    /** Creates the topic if needed and replays it into {@code state}; returns the number of changes applied. */
    synchronized int start(RegistryState state) {
        this.state = state;
        long deadline = System.nanoTime() + config.initTimeout().toNanos();
        try (Admin admin = Admin.create(clientConfig(Map.of()))) {
            ensureTopic(admin, deadline);
        }
        reader = new KafkaConsumer<>(clientConfig(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        reader.assign(List.of(partition));
        reader.seekToBeginning(List.of(partition));
        int applied = readToEnd(deadline);
        producer = new KafkaProducer<>(clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // send() must not block (metadata refresh while the broker is away) beyond the store timeout:
                // a registry request has to fail with 50001 well before the client's HTTP read timeout
                ProducerConfig.MAX_BLOCK_MS_CONFIG, config.storeTimeout().toMillis())),
                new ByteArraySerializer(), new ByteArraySerializer());
        LOG.info("Schema registry store {} replayed: {} changes", config.topic(), applied);
        return applied;
    }

    @Override
    public synchronized void persist(RegistryState.Change change) {
        if (suspect) {
            resync();
        }
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(partition.topic(), partition.partition(),
                    key(change), value(change))).get(config.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            // our own write is already applied by the caller: move the reader past it
            reader.seek(partition, written.offset() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            suspect = true;
            throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR, "Interrupted writing to " + partition.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            suspect = true;
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warn("Write to schema store {} failed ({}); the next write first reads the topic tail", partition.topic(),
                    cause.toString());
            throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR,
                    "Could not write to the schema store topic " + partition.topic() + ": " + cause, cause);
        }
    }

    /** After a failed write: apply whatever reached the topic since, and refuse this write if anything did. */
    private void resync() {
        int applied;
        try {
            applied = readToEnd(System.nanoTime() + config.storeTimeout().toNanos());
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR,
                    "The schema store topic " + partition.topic() + " is not readable yet: " + e, e);
        }
        suspect = false;
        LOG.info("Schema store {} re-read after a failed write: {} change(s) found", partition.topic(), applied);
        if (applied > 0) {
            throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR, "The schema store caught up with "
                    + applied + " change(s) written by an earlier failed request; retry");
        }
    }

    private int readToEnd(long deadlineNanos) {
        long end = reader.endOffsets(List.of(partition), remaining(deadlineNanos)).get(partition);
        int applied = 0;
        while (reader.position(partition, remaining(deadlineNanos)) < end) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new IllegalStateException("Timed out replaying " + partition.topic() + " (end offset " + end + ")");
            }
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                RegistryState.Change change = decode(record);
                if (change != null) {
                    state.apply(change);
                    applied++;
                }
            }
        }
        return applied;
    }

    private void ensureTopic(Admin admin, long deadline) {
        try {
            int brokers = admin.describeCluster().nodes().get(remainingMs(deadline), TimeUnit.MILLISECONDS).size();
            short replicas = (short) Math.max(1, Math.min(config.replicationFactor(), brokers));
            NewTopic topic = new NewTopic(partition.topic(), 1, replicas)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(topic)).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                LOG.info("Created schema store topic {} (1 partition, compacted, replication factor {})", topic.name(), replicas);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create schema store topic " + topic.name(), e.getCause());
                }
            }
            TopicDescription description = describe(admin, deadline);
            if (description.partitions().size() != 1) {
                throw new IllegalStateException("Schema store topic " + partition.topic() + " must have exactly 1 partition, has "
                        + description.partitions().size());
            }
            awaitPartitionReady(admin, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted preparing " + partition.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot prepare schema store topic " + partition.topic(), e);
        }
    }

    /**
     * The topic's description; right after it was created the broker may not know it yet
     * ({@code UnknownTopicOrPartitionException} while metadata propagates), so ask again until the deadline.
     */
    private TopicDescription describe(Admin admin, long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            try {
                return admin.describeTopics(List.of(partition.topic())).allTopicNames()
                        .get(remainingMs(deadline), TimeUnit.MILLISECONDS).get(partition.topic());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || remainingMs(deadline) <= 100) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** A fresh topic can refuse the first idempotent write (KAFKA-NOTES.md): wait until its partition answers. */
    private void awaitPartitionReady(Admin admin, long deadline) throws InterruptedException {
        while (true) {
            try {
                admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Schema store partition " + partition + " not ready", e);
                }
                Thread.sleep(50);
            }
        }
    }

    private Map<String, Object> clientConfig(Map<String, Object> specific) {
        Map<String, Object> out = new HashMap<>(config.kafkaClientOverrides());
        out.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        out.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "gatewatch-schema-registry");
        out.putAll(specific);
        return out;
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime()));
    }

    private static long remainingMs(long deadlineNanos) {
        return remaining(deadlineNanos).toMillis();
    }

    static byte[] key(RegistryState.Change change) {
        ObjectNode key = JSON.createObjectNode();
        if (change instanceof RegistryState.SchemaRegistered r) {
            key.put("keytype", SCHEMA_KEY).put("subject", r.subject()).put("version", r.version()).put("magic", 1);
        } else if (change instanceof RegistryState.CompatibilitySet c) {
            key.put("keytype", CONFIG_KEY).put("subject", c.subject()).put("magic", 0);
        }
        return bytes(key);
    }

    static byte[] value(RegistryState.Change change) {
        ObjectNode value = JSON.createObjectNode();
        if (change instanceof RegistryState.SchemaRegistered r) {
            value.put("subject", r.subject()).put("version", r.version()).put("id", r.id())
                    .put("schema", r.schema()).put("deleted", false);
        } else if (change instanceof RegistryState.CompatibilitySet c) {
            value.put("compatibilityLevel", c.level().name());
        }
        return bytes(value);
    }

    /**
     * The change a record holds, or null for records this registry does not act on (tombstones,
     * deleted versions, other key types). A malformed SCHEMA or CONFIG record stops the replay:
     * skipping it could hand its id to another schema.
     */
    static RegistryState.Change decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.key() == null) {
                return null;
            }
            JsonNode key = JSON.readTree(record.key());
            String type = key == null ? null : key.path("keytype").asText(null);
            if (record.value() == null || (!SCHEMA_KEY.equals(type) && !CONFIG_KEY.equals(type))) {
                return null;
            }
            JsonNode value = JSON.readTree(record.value());
            if (SCHEMA_KEY.equals(type)) {
                if (value.path("deleted").asBoolean(false)) {
                    return null;
                }
                String schemaType = value.path("schemaType").asText("AVRO");
                if (!"AVRO".equals(schemaType)) {
                    throw new IllegalStateException("non-Avro schema (" + schemaType + ") in the store");
                }
                return new RegistryState.SchemaRegistered(required(value, "subject").asText(),
                        required(value, "version").asInt(), required(value, "id").asInt(), required(value, "schema").asText());
            }
            JsonNode subject = key.path("subject");
            return new RegistryState.CompatibilitySet(subject.isTextual() ? subject.asText() : null,
                    CompatibilityLevel.parse(required(value, "compatibilityLevel").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Unreadable schema store record at " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return value;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (reader != null) {
            reader.close(Duration.ofSeconds(5));
            reader = null;
        }
    }
}
