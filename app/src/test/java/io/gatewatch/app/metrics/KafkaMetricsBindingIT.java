package io.gatewatch.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.app.ops.OpsFiles;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binds real Kafka clients and a real Kafka Streams instance (embedded broker) to a process
 * registry and scrapes it: proves the binders work, and records the metric families they expose
 * (target/kafka-metric-families.txt), which the ops rules and dashboards may reference
 * ({@code OpsFilesTest} checks every name they use is in this set or a GateWatch name).
 */
class KafkaMetricsBindingIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path state;

    @Test
    void shouldExposeKafkaClientAndStreamsMetricsIncludingConsumerLag() throws Exception {
        KAFKA.createTopic("in", 2);
        KAFKA.createTopic("out", 2);
        try (ProcessMetrics metrics = new ProcessMetrics("it");
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.CLIENT_ID_CONFIG, "it-producer"),
                     new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "it-group",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            metrics.bind(producer);
            metrics.bind(consumer);
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"))
                    .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("out-sink"));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "it-streams");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            try (KafkaStreams streams = new KafkaStreams(builder.build(props), props)) {
                metrics.bind(streams);
                streams.start();
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>("in", "k" + i, "v" + i));
                }
                producer.flush();
                consumer.subscribe(List.of("out"));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200));
                    return PrometheusText.parse(metrics.scrape()).types().containsKey("kafka_consumer_fetch_manager_records_lag_max");
                });

                String scrape = metrics.scrape();
                PrometheusText.Exposition exposition = PrometheusText.parse(scrape);
                TreeSet<String> families = new TreeSet<>(exposition.types().keySet());
                Files.createDirectories(Path.of("target"));
                Files.write(Path.of("target", "kafka-metric-families.txt"), families);

                assertThat(families).contains(
                        "kafka_consumer_fetch_manager_records_lag_max",
                        "kafka_producer_record_send_total",
                        "kafka_stream_thread_process_total");
                assertThat(exposition.named("kafka_consumer_fetch_manager_records_lag_max"))
                        .anySatisfy(s -> assertThat(s.labels()).containsKey("client_id"));
                // every Kafka metric the ops rules and dashboards use is one these binders really expose
                Set<String> exposed = OpsFiles.sampleNames(scrape);
                assertThat(OpsFiles.referencedMetrics().stream().filter(n -> n.startsWith("kafka_")))
                        .isNotEmpty()
                        .allSatisfy(name -> assertThat(exposed).as("Kafka metric %s used by ops/", name).contains(name));
            }
        }
    }
}
