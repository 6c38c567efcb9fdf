package io.gatewatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void shouldDeliverWhatAnIdempotentProducerSendsToAFreshTopic() throws Exception {
        KAFKA.createTopic("embedded.roundtrip", 3);

        send("embedded.roundtrip", List.of("gate-1", "gate-2", "gate-3"));

        assertThat(readAll("embedded.roundtrip", 3)).containsExactlyInAnyOrder("gate-1", "gate-2", "gate-3");
    }

    @Test
    void shouldKeepTopicsAndRecordsAcrossAStopAndRestart() throws Exception {
        KAFKA.createTopic("embedded.restart", 1);
        send("embedded.restart", List.of("before"));

        KAFKA.broker().stop();
        assertThat(KAFKA.broker().isRunning()).isFalse();
        KAFKA.broker().restart();
        send("embedded.restart", List.of("after"));

        assertThat(readAll("embedded.restart", 2)).containsExactly("before", "after");
    }

    @Test
    void shouldHaveBothCoordinatorsReadyBeforeTheFirstTransactionalProducer() throws Exception {
        KAFKA.broker().awaitCoordinators();

        try (Admin admin = KAFKA.broker().admin()) {
            assertThat(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get())
                    .contains("__consumer_offsets", "__transaction_state");
        }
    }

    @Test
    void shouldLeaveTransactionsThatAreGoingOnAloneWhenLookingForHangingOnes() throws Exception {
        KAFKA.createTopic("embedded.txn", 2);
        KAFKA.broker().awaitCoordinators();
        try (KafkaProducer<String, String> open = transactional("embedded-open");
                KafkaProducer<String, String> done = transactional("embedded-done");
                Admin admin = KAFKA.broker().admin()) {
            done.beginTransaction();
            done.send(new ProducerRecord<>("embedded.txn", 1, "done", "committed before")).get();
            done.commitTransaction();
            open.beginTransaction();
            open.send(new ProducerRecord<>("embedded.txn", 0, "open", "committed after")).get();

            assertThat(HangingTransactions.abortAll(admin)).isEmpty();

            open.commitTransaction();
        }
        assertThat(readAll("embedded.txn", 2)).containsExactlyInAnyOrder("committed before", "committed after");
    }

    private static KafkaProducer<String, String> transactional(String transactionalId) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId), new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    private static void send(String topic, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get();
            }
        }
    }

    private static List<String> readAll(String topic, int expected) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.value());
                }
            }
        }
        return seen;
    }
}
