package io.gatewatch.producers.observation;

import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a watchlist file's entries to {@link Topics#OBSERVATION} all or nothing: one Kafka
 * transaction (transactional id {@value #TRANSACTIONAL_ID}, so a second import run fences a
 * stalled first one), aborted on any failure, so read-committed readers (the screening) see the
 * whole file or none of it. Each entry is keyed by its person token and placed by
 * {@link ObservationPartitioning}. Idempotent: the topic is compacted and an entry is the whole
 * state of a person, so writing the same file again leaves the same watchlist.
 */
public final class WatchlistPublisher {
    public static final String TRANSACTIONAL_ID = "gatewatch-observation-writer";

    private final Map<String, Object> producerProps;
    private final Serializer<String> keySerializer;
    private final Serializer<ObservationEntry> valueSerializer;

    public WatchlistPublisher(Map<String, Object> producerProps, Serializer<String> keySerializer,
                              Serializer<ObservationEntry> valueSerializer) {
        this.producerProps = Map.copyOf(producerProps);
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
    }

    /** A publisher from the ingest settings ({@code bootstrap.servers}, {@code schema.registry.url}, {@code producer.*}). */
    public static WatchlistPublisher create(AbstractConfig config) {
        Map<String, Object> serde = IngestCommonConfig.serdeProps(config);
        SchemaRegistryClient registry = SchemaRegistryClients.create(serde);
        return new WatchlistPublisher(IngestCommonConfig.producerProps(config),
                AvroSerde.forKeys(String.class, registry, serde).serializer(),
                AvroSerde.forValues(ObservationEntry.class, registry, serde).serializer());
    }

    /** Writes every entry in one transaction; returns how many. Nothing is visible unless all were written. */
    public int publish(List<ObservationEntry> entries) {
        Map<String, Object> props = new java.util.HashMap<>(producerProps);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            int partitions = producer.partitionsFor(Topics.OBSERVATION).size();
            producer.beginTransaction();
            try {
                for (ObservationEntry entry : entries) {
                    String token = entry.getPersonToken();
                    producer.send(new ProducerRecord<>(Topics.OBSERVATION, ObservationPartitioning.partitionOf(token, partitions),
                            keySerializer.serialize(Topics.OBSERVATION, token), valueSerializer.serialize(Topics.OBSERVATION, entry)));
                }
                producer.commitTransaction();
            } catch (RuntimeException e) {
                producer.abortTransaction();
                throw e;
            }
        }
        return entries.size();
    }
}
