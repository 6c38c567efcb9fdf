package io.gatewatch.sinks.testing;

import io.gatewatch.embedded.TopicReads;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The test oracle: reads topics from the beginning to their end offsets with a plain consumer
 * and computes the {@link Figures} the database must show, plus the end offsets the sink must
 * have stored.
 */
public final class TopicContents {
    private final Figures figures;
    private final Map<TopicPartition, Long> endOffsets;

    private TopicContents(Figures figures, Map<TopicPartition, Long> endOffsets) {
        this.figures = figures;
        this.endOffsets = endOffsets;
    }

    public Figures figures() {
        return figures;
    }

    /** End offsets of every non-empty partition: what {@code sink_offsets} holds once caught up. */
    public Map<TopicPartition, Long> endOffsets() {
        return endOffsets;
    }

    public static TopicContents read(String bootstrapServers, SchemaRegistryClient registry, List<String> topics) {
        var alerts = new AvroDeserializer<>(registry, ScreeningAlert.class);
        var countKeys = new AvroDeserializer<>(registry, AreaCountKey.class);
        var counts = new AvroDeserializer<>(registry, AreaCount.class);
        var scans = new AvroDeserializer<>(registry, ScanEvent.class);
        var strings = new AvroDeserializer<>(registry, String.class);
        var devices = new AvroDeserializer<>(registry, DeviceRegistration.class);

        Set<String> alertIds = new HashSet<>();
        Map<String, Long> scansPerKey = new HashMap<>();
        Map<String, Long> rejected = new TreeMap<>();
        Map<String, Long> late = new TreeMap<>();
        Map<String, Boolean> retired = new TreeMap<>();
        long deadLetters = 0;

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            Map<TopicPartition, Long> ends = TopicReads.fromBeginningToEnd(consumer, topics, records::add);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                String topic = r.topic();
                try {
                    if (Topics.ALERT_TOPICS.contains(topic)) {
                        ScreeningAlert alert = alerts.deserialize(topic, r.value());
                        if (alert == null) {
                            deadLetters++;
                        } else {
                            alertIds.add(alert.getAlertId());
                        }
                    } else if (topic.equals(Topics.COUNTS_HOURLY) || topic.equals(Topics.COUNTS_DAILY)) {
                        AreaCountKey key = countKeys.deserialize(topic, r.key());
                        AreaCount count = counts.deserialize(topic, r.value());
                        String k = Figures.countKey(key.getLevel(), key.getAreaCode(), key.getWindow(),
                                key.getWindowStart().toEpochMilli());
                        if (count == null) {
                            scansPerKey.remove(k);
                        } else {
                            scansPerKey.put(k, count.getScans());
                        }
                    } else if (topic.equals(Topics.SCANS_REJECTED)) {
                        Header reason = r.headers().lastHeader(RejectedRecordHeaders.REASON);
                        rejected.merge(reason == null ? "UNKNOWN" : new String(reason.value(), StandardCharsets.UTF_8),
                                1L, Long::sum);
                    } else if (topic.equals(Topics.SCANS_LATE)) {
                        ScanEvent scan = scans.deserialize(topic, r.value());
                        if (scan == null) {
                            deadLetters++;
                        } else {
                            late.merge(scan.getDeviceId(), 1L, Long::sum);
                        }
                    } else if (topic.equals(Topics.DEVICES)) {
                        String device = strings.deserialize(topic, r.key());
                        retired.put(device, devices.deserialize(topic, r.value()) == null);
                    }
                } catch (SerializationException e) {
                    deadLetters++;
                }
            }
            Map<TopicPartition, Long> nonEmpty = ends.entrySet().stream().filter(e -> e.getValue() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            return new TopicContents(new Figures(alertIds, scansPerKey, rejected, late, retired, deadLetters), nonEmpty);
        }
    }
}
