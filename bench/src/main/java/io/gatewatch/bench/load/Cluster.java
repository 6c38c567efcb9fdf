package io.gatewatch.bench.load;

import io.gatewatch.app.stack.TopicLayout;
import io.gatewatch.embedded.EmbeddedKafka;
import io.gatewatch.embedded.EmbeddedPostgres;
import io.gatewatch.producers.sim.SimulatorConfig;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A fresh embedded broker (and, for the end-to-end phase, a fresh PostgreSQL) with GateWatch's
 * topics as the system creates them ({@link TopicLayout}), the naive baseline's two topics, the
 * device registry, and the backlog pre-loaded: every phase on it starts from the same records.
 */
final class Cluster implements AutoCloseable {
    static final String NAIVE_ALERTS = "bench.naive.alerts";
    static final String NAIVE_COUNTS = "bench.naive.counts";

    final EmbeddedKafka kafka;
    final EmbeddedPostgres postgres;
    final ProduceResult produced;

    private Cluster(EmbeddedKafka kafka, EmbeddedPostgres postgres, ProduceResult produced) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.produced = produced;
    }

    static Cluster start(String name, int partitions, Backlog backlog, Map<String, Object> serdeConfig, boolean withPostgres) {
        CompletableFuture<EmbeddedPostgres> pg = withPostgres ? CompletableFuture.supplyAsync(EmbeddedPostgres::start) : null;
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            TopicLayout layout = new TopicLayout(partitions, (short) 1);
            List<NewTopic> topics = new ArrayList<>(layout.newTopics());
            topics.add(new NewTopic(NAIVE_ALERTS, Math.max(1, partitions / 2), (short) 1));
            topics.add(new NewTopic(NAIVE_COUNTS, Math.max(1, partitions / 2), (short) 1));
            kafka.createTopics(topics);
            ProduceResult produced;
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers(), serdeConfig, 10)) {
                for (DeviceRegistration device : backlog.devices()) {
                    producer.send(new ProducerRecord<>(Topics.DEVICES, backlog.deviceKey(device), backlog.device(device)));
                }
                producer.flush();
                long started = System.nanoTime();
                for (Backlog.Encoded record : backlog.records()) {
                    producer.send(new ProducerRecord<>(Topics.SCANS, record.key(), record.value()));
                }
                producer.flush();
                produced = new ProduceResult(name, backlog.records().size(), backlog.bytes(), (System.nanoTime() - started) / 1e9);
            }
            return new Cluster(kafka, pg == null ? null : pg.join(), produced);
        } catch (RuntimeException e) {
            kafka.close();
            if (pg != null) {
                pg.thenAccept(EmbeddedPostgres::close);
            }
            throw e;
        }
    }

    /** The simulator's producer settings (idempotent, acks=all, lz4) with the given linger. */
    static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, Map<String, Object> serdeConfig, int lingerMs) {
        Map<String, Object> props = new HashMap<>(serdeConfig);
        props.put(SimulatorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        props.put("kafka.producer." + ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        return new KafkaProducer<>(new SimulatorConfig(props).producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
