package io.gatewatch.app.monitor;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exposes how long gates have been silent, as two aggregate gauges with no device label
 * ({@link MetricNames#DEVICE_SILENCE_MAX} in seconds, {@link MetricNames#DEVICES_SILENT}), for
 * the GateSilent alert. It reads the device registry from the beginning (which devices are
 * active) and the scans topic from its end, looking only at keys (device ids): a device is heard
 * from when a record of it <em>arrives</em> here, so a gate uploading a backlog after an outage
 * counts as back. No consumer group and no commits: every instance keeps its own view, and a
 * restart treats every active device as heard from at start.
 */
public final class DeviceSilenceMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSilenceMonitor.class);

    private final SilenceTracker tracker = new SilenceTracker();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<String> keys;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;

    private DeviceSilenceMonitor(Map<String, Object> consumerProps, SchemaRegistryClient registry, Map<String, ?> serdeConfig,
                                 Clock clock) {
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "gatewatch-device-silence");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.keys = AvroSerde.forKeys(String.class, registry, serdeConfig).deserializer();
        this.clock = clock;
        this.thread = new Thread(this::run, "gatewatch-device-silence");
        this.thread.setDaemon(true);
    }

    /** Starts following, and registers the two gauges ({@code threshold} decides "silent"). */
    public static DeviceSilenceMonitor start(Map<String, Object> consumerProps, SchemaRegistryClient registry, Map<String, ?> serdeConfig,
                                             MeterRegistry meters, Duration threshold) {
        DeviceSilenceMonitor monitor = new DeviceSilenceMonitor(consumerProps, registry, serdeConfig, Clock.systemUTC());
        Gauge.builder(MetricNames.DEVICE_SILENCE_MAX, monitor, m -> m.tracker.maxSilenceMs(m.clock.millis()) / 1000.0)
                .description("Seconds since the most silent active gate device was last heard from")
                .register(meters);
        Gauge.builder(MetricNames.DEVICES_SILENT, monitor, m -> m.tracker.silentDevices(m.clock.millis(), threshold.toMillis()))
                .description("Active gate devices silent for longer than the silence threshold")
                .register(meters);
        monitor.thread.start();
        return monitor;
    }

    private void run() {
        try {
            List<TopicPartition> devices = partitions(Topics.DEVICES);
            List<TopicPartition> scans = partitions(Topics.SCANS);
            List<TopicPartition> all = new ArrayList<>(devices);
            all.addAll(scans);
            consumer.assign(all);
            consumer.seekToBeginning(devices);
            consumer.seekToEnd(scans);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Device silence monitor stopped; gatewatch_device_silence_max is no longer updated", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String deviceId;
        try {
            deviceId = keys.deserialize(record.topic(), record.key());
        } catch (RuntimeException e) {
            LOG.debug("Unreadable key at {}-{}@{} ignored", record.topic(), record.partition(), record.offset());
            return;
        }
        if (deviceId == null) {
            return;
        }
        long now = clock.millis();
        if (Topics.DEVICES.equals(record.topic())) {
            if (record.value() == null) {
                tracker.retire(deviceId);
            } else {
                tracker.register(deviceId, now);
            }
        } else {
            tracker.heard(deviceId, now);
        }
    }

    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> result = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            result.add(new TopicPartition(topic, info.partition()));
        }
        return result;
    }

    /** Active devices known (for tests and logs). */
    public int activeDevices() {
        return tracker.activeDevices();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
