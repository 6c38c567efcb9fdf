package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lag the demo's drain waits on, read from a real broker as an operator's tools would. */
class ConsumerLagIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void shouldNameThePartitionsAGroupIsBehindOnAndNotCountOneOffsetAsBacklog() throws Exception {
        KAFKA.createTopic("lagging", 3);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < 3; partition++) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("lagging", partition, "k", "v")).get();
                }
            }
        }
        TopicPartition p0 = new TopicPartition("lagging", 0);
        TopicPartition p1 = new TopicPartition("lagging", 1);
        TopicPartition p2 = new TopicPartition("lagging", 2);
        try (Admin admin = KAFKA.broker().admin()) {
            // a group that consumed all of p0, all but one record of p1 and one record of p2
            admin.alterConsumerGroupOffsets("g", Map.of(p0, new OffsetAndMetadata(5), p1, new OffsetAndMetadata(4),
                    p2, new OffsetAndMetadata(1))).all().get();
            ConsumerLag lag = new ConsumerLag(admin);

            assertThat(lag.behind(List.of("g"))).containsExactly(Map.entry(p2, 4L));
            assertThat(lag.total(List.of("g"))).hasValue(4);
            assertThat(lag.caughtUp(List.of("g"), java.time.Duration.ofMillis(10))).isFalse();
        }
    }
}
