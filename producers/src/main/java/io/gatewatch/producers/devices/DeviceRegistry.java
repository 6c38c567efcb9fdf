package io.gatewatch.producers.devices;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * The device registry on Kafka ({@link Topics#DEVICES}, compacted, key deviceId): reads its
 * current state and publishes changes, each batch in one Kafka transaction so readers
 * ({@code read_committed}: screening, the sink) see a whole import or none of it. Publishing only
 * what differs from the current state makes a re-import change nothing. Not thread-safe; one per
 * command or request handler, closed after use.
 */
public final class DeviceRegistry implements AutoCloseable {
    /** Transactional id of registry writers: a second writer fences the first rather than interleaving with it. */
    public static final String TRANSACTIONAL_ID = "gatewatch-devices-writer";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> producerProps;
    private final Map<String, Object> consumerProps;
    private final Serializer<String> keySerializer;
    private final Serializer<DeviceRegistration> valueSerializer;
    private final Deserializer<String> keyDeserializer;
    private final Deserializer<DeviceRegistration> valueDeserializer;
    private KafkaProducer<byte[], byte[]> producer;
    /** Offset of the last record this registry wrote, per partition: {@link #current()} reads at least that far. */
    private final Map<TopicPartition, Long> written = new HashMap<>();

    /**
     * @param producerProps Kafka producer settings (bootstrap servers and pass-through client settings)
     * @param consumerProps Kafka consumer settings (likewise); no group is used
     * @param serdeProps    serde and registry-client settings
     */
    public DeviceRegistry(Map<String, Object> producerProps, Map<String, Object> consumerProps, SchemaRegistryClient registry,
                          Map<String, Object> serdeProps) {
        this.producerProps = new HashMap<>(producerProps);
        this.producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        this.producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        this.consumerProps = new HashMap<>(consumerProps);
        this.consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.keySerializer = AvroSerde.forKeys(String.class, registry, serdeProps).serializer();
        this.valueSerializer = AvroSerde.forValues(DeviceRegistration.class, registry, serdeProps).serializer();
        this.keyDeserializer = AvroSerde.forKeys(String.class, registry, serdeProps).deserializer();
        this.valueDeserializer = AvroSerde.forValues(DeviceRegistration.class, registry, serdeProps).deserializer();
    }

    /** Every device registered now (retired ones included; removed ones, tombstoned, not), by id. */
    public Map<String, DeviceRegistration> current() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.DEVICES, TIMEOUT)) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.DEVICES + " does not exist (gatewatch topics create)");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(TIMEOUT);
            Map<TopicPartition, Long> end = readableEnd(consumer, partitions, deadline);
            Map<String, DeviceRegistration> devices = new TreeMap<>();
            while (!reached(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + Topics.DEVICES + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String deviceId = keyDeserializer.deserialize(record.topic(), record.key());
                    DeviceRegistration registration = valueDeserializer.deserialize(record.topic(), record.value());
                    if (registration == null) {
                        devices.remove(deviceId);
                    } else {
                        devices.put(deviceId, registration);
                    }
                }
            }
            return devices;
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
                throw new IllegalStateException("the last registrations written are not readable on " + Topics.DEVICES
                        + " within " + TIMEOUT);
            }
            try {
                Thread.sleep(20); // markers are written within milliseconds; nothing to be notified by
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + Topics.DEVICES, e);
            }
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), TIMEOUT) >= e.getValue());
    }

    /** The registrations of {@code wanted} that differ from {@code current} (new devices or changed ones), in order. */
    public static List<DeviceRegistration> changes(Map<String, DeviceRegistration> current, Collection<DeviceRegistration> wanted) {
        return wanted.stream().filter(r -> !DeviceRows.sameRegistration(current.get(r.getDeviceId()), r)).toList();
    }

    /** Publishes {@code registrations} in one transaction and waits for its commit. */
    public void publish(Collection<DeviceRegistration> registrations) {
        if (registrations.isEmpty()) {
            return;
        }
        if (producer == null) {
            producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
        }
        producer.beginTransaction();
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (DeviceRegistration r : registrations) {
                sent.add(producer.send(new ProducerRecord<>(Topics.DEVICES, keySerializer.serialize(Topics.DEVICES, r.getDeviceId()),
                        valueSerializer.serialize(Topics.DEVICES, r))));
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
            throw new IllegalStateException("device registrations not published (transaction aborted): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.abortTransaction();
            throw new IllegalStateException("interrupted; device registrations not published", e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
        }
    }
}
