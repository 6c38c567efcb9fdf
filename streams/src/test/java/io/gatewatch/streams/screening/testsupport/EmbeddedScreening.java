package io.gatewatch.streams.screening.testsupport;

import io.gatewatch.embedded.EmbeddedKafka;
import io.gatewatch.embedded.TopicReads;
import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.common.StreamsSettings;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.streams.screening.ScreeningNames;
import io.gatewatch.streams.screening.ScreeningSerdes;
import io.gatewatch.streams.screening.ScreeningTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.awaitility.Awaitility;

/**
 * The screening topology running in a real {@link KafkaStreams} against an embedded broker, the
 * way the application will run it (settings from {@link StreamsSettings}), with helpers to feed
 * a {@link ScanScenario} and to tell when everything sent has been processed and committed: the
 * application's committed offsets on the scans topic and on its own repartition topic have
 * reached their ends. Under exactly-once, outputs commit in the same transaction as those offsets,
 * so at that point every output is visible to {@code read_committed} readers.
 */
public final class EmbeddedScreening implements AutoCloseable {
    public static final int PARTITIONS = 4;

    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final ScreeningSerdes serdes;
    private final EmbeddedKafka broker;
    private final String applicationId = "gatewatch-screening-" + UUID.randomUUID().toString().substring(0, 8);
    private final String scope;
    private final Properties props;
    private ScreeningConfig config = ScreeningConfig.defaults();
    private KafkaStreams streams;

    /** A fresh application with its own registry scope. */
    public EmbeddedScreening(EmbeddedKafka broker, Path stateDir, String guarantee, int threads) {
        this(broker, stateDir, null, guarantee, threads, Map.of());
    }

    /**
     * A fresh application (new application id, so it starts from the beginning of the topics).
     *
     * @param registryScope the in-JVM registry scope to share with earlier runs over the same
     *                      records, or null for a scope of its own (dropped on close)
     * @param overrides     further {@link StreamsSettings}
     */
    public EmbeddedScreening(EmbeddedKafka broker, Path stateDir, String registryScope, String guarantee, int threads,
                             Map<String, Object> overrides) {
        this.broker = broker;
        this.scope = registryScope;
        String effectiveScope = registryScope == null ? applicationId : registryScope;
        this.serdes = ScreeningSerdes.avro(InMemorySchemaRegistryClient.forScope(effectiveScope),
                Map.of("schema.registry.url", "mock://" + effectiveScope));
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsSettings.APPLICATION_ID, applicationId);
        settings.put(StreamsSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(StreamsSettings.PROCESSING_GUARANTEE, guarantee);
        settings.put(StreamsSettings.NUM_STREAM_THREADS, threads);
        settings.put(StreamsSettings.STATE_DIR, stateDir.toString());
        settings.putAll(overrides);
        this.props = new StreamsSettings(settings).toStreamsProperties(meters);
    }

    /** Creates the input and output topics (idempotent: shared by the tests of a class). */
    public void createTopics() {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(Topics.SCANS, PARTITIONS, (short) 1));
        topics.add(new NewTopic(Topics.DEVICES, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        topics.add(new NewTopic(Topics.OBSERVATION, PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        for (String topic : List.of(Topics.SCANS_REJECTED, Topics.SCANS_SCREENED, Topics.ALERTS_FEVER,
                Topics.ALERTS_HEALTHCODE, Topics.ALERTS_ESCALATION, Topics.ALERTS_OBSERVATION, Topics.FAULTS_DEVICE)) {
            topics.add(new NewTopic(topic, PARTITIONS, (short) 1));
        }
        broker.createTopics(topics);
    }

    public void registerDevices(List<DeviceRegistration> devices) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (DeviceRegistration device : devices) {
                producer.send(new ProducerRecord<>(Topics.DEVICES, key(Topics.DEVICES, device.getDeviceId()),
                        serdes.device().serializer().serialize(Topics.DEVICES, device)));
            }
            producer.flush();
        }
    }

    /** Serialises the scenario's records once (for the benchmark: outside the timed part). */
    public List<ProducerRecord<byte[], byte[]>> serialise(List<ScanScenario.Planned> records) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
        for (ScanScenario.Planned planned : records) {
            byte[] value = planned.isRaw() ? planned.rawValue()
                    : serdes.scan().serializer().serialize(Topics.SCANS, planned.scan());
            out.add(new ProducerRecord<>(Topics.SCANS, key(Topics.SCANS, planned.key()), value));
        }
        return out;
    }

    /** A scans-topic record with raw value bytes, keyed by {@code key} (a device id) as every producer keys it. */
    public ProducerRecord<byte[], byte[]> rawScan(String key, byte[] value) {
        return new ProducerRecord<>(Topics.SCANS, key(Topics.SCANS, key), value);
    }

    /** A scans-topic record of {@code scan}, keyed by its device id. */
    public ProducerRecord<byte[], byte[]> scan(io.gatewatch.schema.ScanEvent scan) {
        return rawScan(scan.getDeviceId(), serdes.scan().serializer().serialize(Topics.SCANS, scan));
    }

    /** The application's state (RUNNING while it screens). */
    public KafkaStreams.State state() {
        return streams.state();
    }

    public void send(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    public Topology topology() {
        return ScreeningTopology.build(config, serdes, meters, props);
    }

    /** Screening settings other than the defaults, for the next {@link #start}. */
    public EmbeddedScreening withScreeningSettings(Map<String, ?> settings) {
        this.config = new ScreeningConfig(new HashMap<>(settings));
        return this;
    }

    /** A watchlist record as {@code gatewatch observation} writes it (partition by token), stamped {@code knownAt}. */
    public ProducerRecord<byte[], byte[]> watch(ObservationEntry entry, Instant knownAt) {
        String token = entry.getPersonToken();
        return new ProducerRecord<>(Topics.OBSERVATION, ObservationPartitioning.partitionOf(token, PARTITIONS),
                knownAt.toEpochMilli(), key(Topics.OBSERVATION, token), serdes.observation().serializer().serialize(Topics.OBSERVATION, entry));
    }

    /**
     * Stops the application and wipes its local state, as an instance replaced on a new machine:
     * the next {@link #start} (same application id) resumes from committed offsets and restores its
     * stores from their changelogs.
     */
    public void stopAndWipeLocalState() {
        streams.close(Duration.ofSeconds(30));
        streams.cleanUp();
        streams = null;
    }

    /** Starts the topology and waits until it runs. */
    public void start(Duration timeout) {
        streams = new KafkaStreams(topology(), props);
        streams.start();
        Awaitility.await("streams running").atMost(timeout).pollInterval(Duration.ofMillis(20))
                .failFast(() -> streams.state() == KafkaStreams.State.ERROR)
                .until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    /** Records the first sub-topology has finished with: screened, refused or dropped as duplicates (from the meters). */
    public long processed() {
        double screened = meters.find(io.gatewatch.schema.MetricNames.SCANS).counters().stream().mapToDouble(c -> c.count()).sum();
        double rejected = meters.find(io.gatewatch.schema.MetricNames.SCANS_REJECTED).counters().stream().mapToDouble(c -> c.count()).sum();
        double duplicates = meters.find(io.gatewatch.schema.MetricNames.SCANS_DUPLICATE).counters().stream().mapToDouble(c -> c.count()).sum();
        return Math.round(screened + rejected + duplicates);
    }

    /** True once the committed offsets on the scans topic and the repartition topics reach their ends. */
    public boolean caughtUp() {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Set<TopicPartition> inputs = IntStream.range(0, PARTITIONS).boxed()
                    .flatMap(p -> java.util.stream.Stream.of(new TopicPartition(Topics.SCANS, p),
                            new TopicPartition(repartitionTopic(), p),
                            new TopicPartition(applicationId + "-" + ScreeningNames.SIGHTINGS_BY_PERSON + "-repartition", p)))
                    .collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(inputs.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return inputs.stream().allMatch(tp -> {
                long end = ends.get(tp);
                OffsetAndMetadata done = committed.get(tp);
                return end == 0 || done != null && done.offset() >= end;
            });
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The stream threads' own account of their time (Kafka Streams thread metrics, averaged over
     * threads): the share spent processing, committing, polling and punctuating, and commit latency.
     */
    public Map<String, Double> threadTimeShares() {
        Map<String, List<Double>> values = new java.util.TreeMap<>();
        Set<String> wanted = Set.of("process-ratio", "commit-ratio", "poll-ratio", "punctuate-ratio", "commit-latency-avg",
                "commit-latency-max", "poll-records-avg", "process-records-avg");
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && wanted.contains(name.name())
                    && metric.metricValue() instanceof Double value && !value.isNaN()) {
                values.computeIfAbsent(name.name(), k -> new ArrayList<>()).add(value);
            }
        });
        Map<String, Double> averages = new java.util.TreeMap<>();
        values.forEach((k, v) -> averages.put(k, v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        return averages;
    }

    public String applicationId() {
        return applicationId;
    }

    public String repartitionTopic() {
        return applicationId + "-" + ScreeningNames.FLAGS_BY_PERSON + "-repartition";
    }

    /** Every committed record of a topic, from the beginning to its last stable offset. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicReads.fromBeginningToEnd(consumer, List.of(topic), records::add);
        }
        return records;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private byte[] key(String topic, String key) {
        return serdes.key().serializer().serialize(topic, key);
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
        if (scope == null) {
            InMemorySchemaRegistryClient.dropScope(applicationId);
        }
    }
}
