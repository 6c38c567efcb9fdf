package io.gatewatch.sinks.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.testing.PlaceNames;
import io.gatewatch.sinks.testing.WireRecords;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The names of places followed from gatewatch.areas and gatewatch.devices on a real broker. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamesFollowerIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final WireRecords WIRE = new WireRecords();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private NamesFollower follower(Names names) {
        return new NamesFollower(names, Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "ignored"), WIRE.registry(), Map.of("schema.registry.url", WIRE.registryUrl()));
    }

    @Test
    @Order(1)
    void shouldShowCodesWithoutWaitingWhenTheNamesTopicsDoNotExist() throws Exception {
        Names names = new Names();
        try (NamesFollower follower = follower(names).start()) {
            assertThat(follower.awaitLoaded(WAIT)).isTrue();
            assertThat(names.area("110101001001")).isEqualTo("110101001001");
        }
    }

    @Test
    @Order(2)
    void shouldFollowNamesPublishedWhileItRunsAndForgetARemovedOne() throws Exception {
        // Given the names topics, one village already named
        KAFKA.createTopic(Topics.AREAS, 2);
        KAFKA.createTopic(Topics.DEVICES, 2);
        PlaceNames.of(Map.of("110101001001", "东村"), Map.of()).publish(KAFKA.bootstrapServers(), WIRE);
        Names names = new Names();
        try (NamesFollower follower = follower(names).start()) {
            assertThat(follower.awaitLoaded(WAIT)).isTrue();
            assertThat(names.area("110101001001")).isEqualTo("东村 (110101001001)");

            // When a second village and a checkpoint are named while it runs, then the first village's name removed
            PlaceNames.of(Map.of("110101001002", "西村"), Map.of("CP-WEST", "西村卡口")).publish(KAFKA.bootstrapServers(), WIRE);
            await().atMost(WAIT).until(() -> names.checkpointName("CP-WEST") != null && names.areaName("110101001002") != null);
            forget("110101001001");

            // Then
            await().atMost(WAIT).until(() -> names.areaName("110101001001") == null);
            assertThat(names.area("110101001002")).isEqualTo("西村 (110101001002)");
            assertThat(names.checkpoint("CP-WEST")).isEqualTo("西村卡口 (CP-WEST)");
        }
    }

    private static void forget(String code) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.AREAS, WIRE.key(Topics.AREAS, code), null)).get();
        }
    }
}
