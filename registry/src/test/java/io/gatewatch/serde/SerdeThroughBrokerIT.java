package io.gatewatch.serde;

import static io.gatewatch.schema.TestRecords.aDeviceRegistration;
import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.registry.CachedSchemaRegistryClient;
import io.gatewatch.registry.RegistryClientConfig;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Producer and consumer configured the way applications configure them (serde class names and
 * {@code schema.registry.url} in the client properties) against a real KRaft broker and the
 * Kafka-backed embedded registry over HTTP.
 */
class SerdeThroughBrokerIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.kafkaBacked(KAFKA.bootstrapServers());
        KAFKA.createTopic(Topics.SCANS, 3);
        KAFKA.broker().createTopic(Topics.DEVICES, 1, Map.of("cleanup.policy", "compact"));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldDeliverScansKeyedByDeviceInConfluentWireFormat() {
        List<ScanEvent> scans = List.of(
                aScan().withEventId("D1-1").fromDevice("D1").withTemperature(36.4).withCode(HealthCodeColour.GREEN).build(),
                aScan().withEventId("D2-1").fromDevice("D2").withTemperature(38.3).withCode(HealthCodeColour.YELLOW).build(),
                aScan().withEventId("D3-1").fromDevice("D3").asVisitor().inVehicle("京A12345").build());

        try (KafkaProducer<String, ScanEvent> producer = new KafkaProducer<>(producerConfig())) {
            scans.forEach(scan -> producer.send(new ProducerRecord<>(Topics.SCANS, scan.getDeviceId(), scan)));
            producer.flush();
        }

        List<ConsumerRecord<String, ScanEvent>> received = readAll(Topics.SCANS, scans.size(), ScanEvent.class);
        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(scans);
        assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getDeviceId()));

        CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(
                new RegistryClientConfig(Map.of("schema.registry.url", registry.url())));
        int keyId = client.lookup(Topics.SCANS + "-key", Schema.create(Schema.Type.STRING)).id();
        int valueId = client.lookup(Topics.SCANS + "-value", ScanEvent.getClassSchema()).id();
        List<ConsumerRecord<byte[], byte[]>> raw = readRaw(Topics.SCANS, scans.size());
        assertThat(raw).allSatisfy(r -> {
            assertThat(r.key()[0]).isZero();
            assertThat(WireFormat.schemaId(r.key())).isEqualTo(keyId);
            assertThat(r.value()[0]).isZero();
            assertThat(WireFormat.schemaId(r.value())).isEqualTo(valueId);
        });
    }

    @Test
    void shouldDeliverDeviceRegistrationsAndTombstones() {
        try (KafkaProducer<String, DeviceRegistration> producer = new KafkaProducer<>(producerConfig())) {
            producer.send(new ProducerRecord<>(Topics.DEVICES, "D1", aDeviceRegistration()));
            producer.send(new ProducerRecord<>(Topics.DEVICES, "D1", null));
            producer.flush();
        }

        List<ConsumerRecord<String, DeviceRegistration>> received = readAll(Topics.DEVICES, 2, DeviceRegistration.class);

        assertThat(received).extracting(ConsumerRecord::value).containsExactly(aDeviceRegistration(), null);
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName(),
                "schema.registry.url", registry.url());
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(String topic, int expected, Class<V> type) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName(),
                AvroDeserializer.KEY_TYPE, String.class.getName(),
                AvroDeserializer.VALUE_TYPE, type.getName(),
                "schema.registry.url", registry.url()));
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config)) {
            return poll(consumer, topic, expected);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, int expected) {
        Deserializer<byte[]> bytes = new ByteArrayDeserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), bytes, bytes)) {
            return poll(consumer, topic, expected);
        }
    }

    private static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, String topic, int expected) {
        // assign, not subscribe: no group rebalance to wait for
        consumer.assign(consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList());
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }
}
