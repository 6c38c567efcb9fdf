package io.gatewatch.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.registry.CachedSchemaRegistryClient;
import io.gatewatch.registry.CompatibilityLevel;
import io.gatewatch.registry.RegisteredSchema;
import io.gatewatch.registry.RegistryClientConfig;
import io.gatewatch.registry.SchemaRegistryException;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.ScanEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka-backed registry against a real KRaft broker: its changes land in a compacted
 * single-partition topic and a restarted registry replays them, serving the same ids, versions
 * and compatibility levels and continuing the id sequence.
 */
class KafkaBackedRegistryIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCAN = ScanEvent.getClassSchema();
    private static final Schema COUNT = AreaCount.getClassSchema();
    private static final Schema KEY = Schema.create(Schema.Type.STRING);

    @Test
    void shouldServeTheSameIdsVersionsAndLevelsAfterARestart() {
        Map<String, Object> config = Map.of("kafkastore.bootstrap.servers", KAFKA.bootstrapServers(),
                "kafkastore.topic", "_schemas_restart");
        int scanId;
        int countId;
        int keyId;
        try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.onAnyFreePort(config))) {
            CachedSchemaRegistryClient client = client(first);
            keyId = client.register("gatewatch.scans-key", KEY);
            scanId = client.register("gatewatch.scans-value", SCAN);
            countId = client.register("gatewatch.counts.daily-value", COUNT);
            client.register("gatewatch.scans.late-value", SCAN);
            client.setCompatibility("gatewatch.counts.daily-value", CompatibilityLevel.FULL);
            client.setCompatibility(null, CompatibilityLevel.BACKWARD_TRANSITIVE);
        }

        try (EmbeddedSchemaRegistry restarted = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.onAnyFreePort(config))) {
            CachedSchemaRegistryClient client = client(restarted);

            assertThat(client.getById(scanId)).isEqualTo(SCAN);
            assertThat(client.getById(countId)).isEqualTo(COUNT);
            assertThat(client.lookup("gatewatch.scans.late-value", SCAN)).isEqualTo(
                    new RegisteredSchema("gatewatch.scans.late-value", scanId, 1, SCAN));
            assertThat(client.register("gatewatch.scans-key", KEY)).isEqualTo(keyId);
            assertThat(client.getCompatibility("gatewatch.counts.daily-value")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
            int next = client.register("gatewatch.devices-key", Schema.create(Schema.Type.BYTES));
            assertThat(next).isEqualTo(Math.max(scanId, Math.max(countId, keyId)) + 1);
        }
    }

    @Test
    void shouldKeepItsLogInACompactedSinglePartitionTopicInConfluentLayout() throws Exception {
        String topic = "_schemas_layout";
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.onAnyFreePort(Map.of(
                "kafkastore.bootstrap.servers", KAFKA.bootstrapServers(), "kafkastore.topic", topic)))) {
            client(registry).register("gatewatch.scans-value", SCAN);
            client(registry).setCompatibility("gatewatch.scans-value", CompatibilityLevel.FULL);
        }

        try (Admin admin = KAFKA.broker().admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(description.partitions()).hasSize(1);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 2);
        JsonNode schemaKey = JSON.readTree(records.get(0).key());
        JsonNode schemaValue = JSON.readTree(records.get(0).value());
        assertThat(schemaKey.get("keytype").asText()).isEqualTo("SCHEMA");
        assertThat(schemaKey.get("subject").asText()).isEqualTo("gatewatch.scans-value");
        assertThat(schemaValue.get("version").asInt()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(schemaValue.get("schema").asText())).isEqualTo(SCAN);
        assertThat(JSON.readTree(records.get(1).key()).get("keytype").asText()).isEqualTo("CONFIG");
        assertThat(JSON.readTree(records.get(1).value()).get("compatibilityLevel").asText()).isEqualTo("FULL");
    }

    @Test
    void shouldRefuseWritesWith50001WhileKafkaIsDownAndRecoverWithoutReusingAnId() {
        Map<String, Object> config = Map.of("kafkastore.bootstrap.servers", KAFKA.bootstrapServers(),
                "kafkastore.topic", "_schemas_outage", "kafkastore.timeout.ms", 1_500);
        Schema alerts = io.gatewatch.schema.ScreeningAlert.getClassSchema();
        int idB;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.onAnyFreePort(config))) {
            CachedSchemaRegistryClient once = new CachedSchemaRegistryClient(new RegistryClientConfig(Map.of(
                    "schema.registry.url", registry.url(), "max.retries", 0)));
            int idA = once.register("gatewatch.scans-value", SCAN);

            KAFKA.broker().stop();
            try {
                assertThatThrownBy(() -> once.register("gatewatch.alerts.fever-value", alerts))
                        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.STORE_ERROR);
                            assertThat(e.isRetriable()).isTrue();
                        });
            } finally {
                KAFKA.broker().restart();
            }

            idB = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> client(registry).register("gatewatch.alerts.fever-value", alerts), id -> true);
            assertThat(idB).isEqualTo(idA + 1);
            assertThat(client(registry).getVersions("gatewatch.alerts.fever-value")).containsExactly(1);
        }

        try (EmbeddedSchemaRegistry restarted = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.onAnyFreePort(config))) {
            assertThat(client(restarted).getById(idB)).isEqualTo(alerts);
            assertThat(client(restarted).lookup("gatewatch.alerts.fever-value", alerts).version()).isEqualTo(1);
        }
    }

    private static CachedSchemaRegistryClient client(EmbeddedSchemaRegistry registry) {
        return new CachedSchemaRegistryClient(new RegistryClientConfig(Map.of("schema.registry.url", registry.url())));
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
