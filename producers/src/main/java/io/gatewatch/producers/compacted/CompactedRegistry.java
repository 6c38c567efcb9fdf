package io.gatewatch.producers.compacted;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A registry kept as a compacted topic (key: a string id, value: the Avro record {@code V}; a null
 * value removes the id): reads its current state and publishes changes, each batch in one Kafka
 * transaction so readers ({@code read_committed}) see a whole import or none of it. Publishing only
 * what differs from the current state makes a re-import change nothing. Not thread-safe; one per
 * command or request handler, closed after use.
 *
 * @param <V> the registered record
 */
public final class CompactedRegistry<V> implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final Function<V, String> keyOf;
    private final Map<String, Object> producerProps;
    private final Map<String, Object> consumerProps;
    private final Serializer<String> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Deserializer<String> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private ToIntBiFunction<String, Integer> partitioner;
    private KafkaProducer<byte[], byte[]> producer;
    /** Offset of the last record this registry wrote, per partition: {@link #current()} reads at least that far. */
    private final Map<TopicPartition, Long> written = new HashMap<>();

    /**
     * @param topic           the compacted topic
     * @param transactionalId of its writers: a second writer fences the first rather than interleaving with it
     * @param type            the value's Avro class
     * @param keyOf           a value's key
     * @param producerProps   Kafka producer settings (bootstrap servers and pass-through client settings)
     * @param consumerProps   Kafka consumer settings (likewise); no group is used
     * @param serdeProps      serde and registry-client settings
     */
    public CompactedRegistry(String topic, String transactionalId, Class<V> type, Function<V, String> keyOf,
                             Map<String, Object> producerProps, Map<String, Object> consumerProps, SchemaRegistryClient registry,
                             Map<String, Object> serdeProps) {
        this.topic = topic;
        this.keyOf = keyOf;
        this.producerProps = new HashMap<>(producerProps);
        this.producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        this.producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        this.consumerProps = new HashMap<>(consumerProps);
        this.consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.keySerializer = AvroSerde.forKeys(String.class, registry, serdeProps).serializer();
        this.valueSerializer = AvroSerde.forValues(type, registry, serdeProps).serializer();
        this.keyDeserializer = AvroSerde.forKeys(String.class, registry, serdeProps).deserializer();
        this.valueDeserializer = AvroSerde.forValues(type, registry, serdeProps).deserializer();
    }

    /**
     * Places every record this registry writes by {@code partitioner} (key, partition count) instead
     * of the producer's default (a hash of the serialised key, which includes the registry's schema
     * id): for topics whose placement is a contract, such as the watchlist by person
     * ({@code ObservationPartitioning}). Returns this registry.
     */
    public CompactedRegistry<V> partitionedBy(ToIntBiFunction<String, Integer> partitioner) {
        this.partitioner = partitioner;
        return this;
    }

    /** Every record registered now (removed ones, tombstoned, not), by key, in key order. */
    public Map<String, V> current() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            // default.api.timeout.ms (60 s unless set): how long an unreachable cluster is waited for
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (gatewatch topics create)");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(TIMEOUT);
            Map<TopicPartition, Long> end = readableEnd(consumer, partitions, deadline);
            Map<String, V> registered = new TreeMap<>();
            while (!reached(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = keyDeserializer.deserialize(record.topic(), record.key());
                    V value = valueDeserializer.deserialize(record.topic(), record.value());
                    if (value == null) {
                        registered.remove(key);
                    } else {
                        registered.put(key, value);
                    }
                }
            }
            return registered;
        }
    }

    /**
     * The end offsets to read to. Under read_committed they are the last stable offsets, so an open
     * transaction of another writer is not waited for; but the commit markers of this registry's own
     * last transaction reach the partitions shortly after commitTransaction returns, so wait until
     * the end lies past what this registry wrote (read your own writes).
     */
    private Map<TopicPartition, Long> readableEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                                  Instant deadline) {
        while (true) {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            if (written.entrySet().stream().allMatch(w -> end.getOrDefault(w.getKey(), 0L) > w.getValue())) {
                return end;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the last registrations written are not readable on " + topic
                        + " within " + TIMEOUT);
            }
            try {
                Thread.sleep(20); // markers are written within milliseconds; nothing to be notified by
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + topic, e);
            }
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), TIMEOUT) >= e.getValue());
    }

    /** The records of {@code wanted} that differ from {@code current} (new keys or changed values), in order. */
    public List<V> changes(Map<String, V> current, Collection<V> wanted) {
        return wanted.stream().filter(v -> !v.equals(current.get(keyOf.apply(v)))).toList();
    }

    /** Publishes {@code records} in one transaction and waits for its commit. */
    public void publish(Collection<V> records) {
        write(records.stream().map(r -> {
            String key = keyOf.apply(r);
            return new Keyed(key, valueSerializer.serialize(topic, r));
        }).toList());
    }

    /** Removes {@code keys} (a tombstone each, so compaction drops them) in one transaction and waits for its commit. */
    public void remove(Collection<String> keys) {
        write(keys.stream().map(key -> new Keyed(key, null)).toList());
    }

    private record Keyed(String key, byte[] value) {}

    private void write(List<Keyed> records) {
        if (records.isEmpty()) {
            return;
        }
        if (producer == null) {
            producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
        }
        int partitions = partitioner == null ? 0 : producer.partitionsFor(topic).size();
        producer.beginTransaction();
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Keyed r : records) {
                Integer partition = partitioner == null ? null : partitioner.applyAsInt(r.key(), partitions);
                sent.add(producer.send(new ProducerRecord<>(topic, partition, keySerializer.serialize(topic, r.key()), r.value())));
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata metadata = f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                offsets.merge(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset(), Math::max);
            }
            producer.commitTransaction();
            written.putAll(offsets);
        } catch (ExecutionException | TimeoutException e) {
            producer.abortTransaction();
            throw new IllegalStateException(topic + " records not published (transaction aborted): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.abortTransaction();
            throw new IllegalStateException("interrupted; " + topic + " records not published", e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
        }
    }
}
