package io.gatewatch.sinks.names;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.AreaName;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.sinks.kafka.ConsumerLoops;
import io.gatewatch.sinks.kafka.KafkaClientSettings;
import io.gatewatch.sinks.poison.Decoded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link Names} current from the compacted topics {@link Topics#AREAS} (division names) and
 * {@link Topics#DEVICES} (checkpoint names), for the processes that read Kafka only: reads both from
 * the beginning ({@code read_committed}, no consumer group, nothing committed) and then follows them
 * on its own thread.
 *
 * <p>Names are a convenience, never a reason to stop: a topic that does not exist (or may not be
 * read) when the follower starts is not followed (WARN; its places read as codes until a restart),
 * an undecodable record is skipped (WARN with its coordinates), and an unexpected error ends the
 * follower (ERROR) with the names it had.
 */
public final class NamesFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamesFollower.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Names names;
    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<String> keys;
    private final Deserializer<AreaName> areas;
    private final Deserializer<DeviceRegistration> devices;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean running;
    private boolean warnedFull;

    /**
     * @param consumerProps Kafka consumer settings; any group id is dropped
     * @param serdeProps    serde and registry-client settings
     */
    public NamesFollower(Names names, Map<String, Object> consumerProps, SchemaRegistryClient registry, Map<String, ?> serdeProps) {
        this.names = names;
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.keys = AvroSerde.forKeys(String.class, registry, serdeProps).deserializer();
        this.areas = AvroSerde.forValues(AreaName.class, registry, serdeProps).deserializer();
        this.devices = AvroSerde.forValues(DeviceRegistration.class, registry, serdeProps).deserializer();
    }

    /** With the Kafka client and registry settings of a sink process's config. */
    public static NamesFollower of(AbstractConfig config, SchemaRegistryClient registry, Names names) {
        return new NamesFollower(names, KafkaClientSettings.consumerProperties(config, Map.of()), registry,
                KafkaClientSettings.registryProperties(config));
    }

    /** Starts reading on its own thread; returns at once. */
    public synchronized NamesFollower start() {
        if (running) {
            throw new IllegalStateException("names follower already started");
        }
        if (stopping) { // closed before it started
            loaded.countDown();
            return this;
        }
        running = true;
        Thread thread = new Thread(this::run, "gatewatch-names");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Waits until the names on the topics when the follower started are read (or there is nothing
     * to read); false when {@code timeout} passed first.
     */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            partitions.addAll(partitionsOf(Topics.AREAS));
            partitions.addAll(partitionsOf(Topics.DEVICES));
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (loaded.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.info("Names loaded: {} areas and checkpoints named", names.size());
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                LOG.error("Names follower woken unexpectedly; places read as the names known so far", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Names follower stopped; places read as the names known so far", e);
        } finally {
            loaded.countDown();
            consumer.close();
            finished.countDown();
        }
    }

    private List<TopicPartition> partitionsOf(String topic) {
        try {
            List<PartitionInfo> found = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (found == null || found.isEmpty()) {
                LOG.warn("No topic {}: its places read as codes (restart once it exists)", topic);
                return List.of();
            }
            return found.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Cannot read topic {} ({}): its places read as codes", topic, e.toString());
            return List.of();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(Topics.AREAS)) {
            Decoded<String> code = Decoded.of(keys, record.topic(), record.key());
            Decoded<AreaName> area = Decoded.of(areas, record.topic(), record.value());
            if (code.isPoison() || area.isPoison()) {
                skip(record, code.isPoison() ? code : area);
            } else {
                kept(area.value() == null ? names.nameArea(code.value(), null)
                        : names.nameArea(area.value().getCode(), area.value().getName()));
            }
        } else {
            Decoded<DeviceRegistration> device = Decoded.of(devices, record.topic(), record.value());
            if (device.isPoison()) {
                skip(record, device);
            } else if (device.value() != null) { // a removed device leaves its checkpoint's name to the others there
                kept(names.nameCheckpoint(device.value().getCheckpointId(), device.value().getCheckpointName()));
            }
        }
    }

    private void kept(boolean kept) {
        if (!kept && !warnedFull) {
            warnedFull = true;
            LOG.warn("More than {} names of one kind: further places read as codes", Names.MAX_ENTRIES);
        }
    }

    private static void skip(ConsumerRecord<byte[], byte[]> record, Decoded<?> poison) {
        LOG.warn("Skipping undecodable name record at {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(),
                poison.poison().reason().tag(), poison.poison().message());
    }

    @Override
    public synchronized void close() {
        stopping = true;
        ConsumerLoops.stop(consumer, finished, running);
    }
}
