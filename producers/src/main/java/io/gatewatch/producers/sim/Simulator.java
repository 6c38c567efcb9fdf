package io.gatewatch.producers.sim;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link ScanGenerator}'s traffic to Kafka: first the device registry to
 * {@link Topics#DEVICES} (key deviceId, {@link DeviceRegistration}) and the simulated watchlist to
 * {@link Topics#OBSERVATION} (key personToken, {@link ObservationEntry}, placed by
 * {@link ObservationPartitioning} and timestamped {@link SimWatchlist#knownSince()}), then every record to
 * {@link Topics#SCANS} in send order (key deviceId; value a {@link ScanEvent}, or the raw bytes
 * of a malformed record), all in the Confluent wire format, idempotent with {@code acks=all}.
 * Paced by {@code sim.rate.events.per.second} and/or {@code sim.speed}, or as fast as possible.
 *
 * <p>{@link #run()} blocks until the scenario ends (or {@link #stop()}), flushes, and reports
 * the {@link GroundTruth} of what was sent with the count of sends Kafka acknowledged and
 * refused; the truth describes the topic exactly when the refusals are 0.
 *
 * <p><b>Outages.</b> A Kafka (or registry) outage shorter than {@code sim.kafka.unavailable.max.ms}
 * is ridden out with the ground truth exact: the idempotent producer retries every record, in
 * order and without duplicates, until Kafka acknowledges it; sending pauses while its buffer is
 * full and resumes when Kafka is back, and an unreachable registry is retried as long. A longer
 * outage ends the run: no further record is taken from the generator, and the report and an ERROR
 * log name the records Kafka did not acknowledge (counted in the truth, possibly absent from the
 * topic), so a caller knows the truth no longer matches. Metrics:
 * {@link MetricNames#PRODUCED} by {@code source} (malformed records count as
 * {@code unknown_source}) and {@code outcome} ({@code sent}, {@code failed}).
 */
public final class Simulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    private static final long REGISTRY_RETRY_MS = 1000;
    private static final String MALFORMED_SOURCE = ScanSource.UNKNOWN_SOURCE.name().toLowerCase(Locale.ROOT);

    /** Records named in an unacknowledged-records message, at most. */
    static final int NAMED_FAILURES = 20;

    /**
     * What a run did.
     *
     * @param sendFailures records the ground truth counts that Kafka did not acknowledge; 0 means
     *        the truth describes the topic exactly
     * @param unacknowledged the first of those records ({@code <eventId> (device <deviceId>)}, at most
     *        {@value #NAMED_FAILURES}), in the order they were handed to the producer
     */
    public record Report(GroundTruth truth, long devicesPublished, long watchlistPublished, long recordsAcknowledged, long sendFailures, Duration wallTime,
                         List<String> unacknowledged) {
        public Report {
            unacknowledged = List.copyOf(unacknowledged);
        }

        /** Records acknowledged per wall-clock second. */
        public double recordsPerSecond() {
            return wallTime.isZero() ? 0 : recordsAcknowledged * 1000.0 / wallTime.toMillis();
        }

        /** True when Kafka acknowledged every record the truth counts: the truth matches the topic. */
        public boolean complete() {
            return sendFailures == 0;
        }
    }

    private final SimulatorConfig config;
    private final ScanGenerator generator;
    private final Producer<byte[], byte[]> producer;
    private final Serializer<String> keySerializer;
    private final Serializer<ScanEvent> scanSerializer;
    private final Serializer<DeviceRegistration> deviceSerializer;
    private final Serializer<ObservationEntry> observationSerializer;
    private final Pacer pacer;
    private SchemaRegistryClient ownedRegistry;
    private final Map<ScanSource, Counter> sentBySource = new EnumMap<>(ScanSource.class);
    private final Map<ScanSource, Counter> failedBySource = new EnumMap<>(ScanSource.class);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<String> unacknowledged = new CopyOnWriteArrayList<>();
    private final Duration unavailableMax;
    private volatile boolean stopped;
    private volatile boolean failed;

    Simulator(SimulatorConfig config, ScanGenerator generator, Producer<byte[], byte[]> producer, SchemaRegistryClient registry,
              MeterRegistry meters, Pacer.Clock wallClock) {
        this.config = config;
        this.generator = generator;
        this.producer = producer;
        Map<String, Object> serde = config.serdeProps();
        this.keySerializer = AvroSerde.forKeys(String.class, registry, serde).serializer();
        this.scanSerializer = AvroSerde.forValues(ScanEvent.class, registry, serde).serializer();
        this.deviceSerializer = AvroSerde.forValues(DeviceRegistration.class, registry, serde).serializer();
        this.observationSerializer = AvroSerde.forValues(ObservationEntry.class, registry, serde).serializer();
        this.unavailableMax = config.kafkaUnavailableMax();
        this.pacer = new Pacer(config.getDouble(SimulatorConfig.RATE_EVENTS_PER_SECOND), config.getDouble(SimulatorConfig.SPEED),
                generator.start().toEpochMilli(), wallClock);
        for (ScanSource source : ScanSource.values()) {
            sentBySource.put(source, counter(meters, source, "sent"));
            failedBySource.put(source, counter(meters, source, "failed"));
        }
    }

    /** A simulator with its own producer and registry client, as the config says. */
    public static Simulator create(SimulatorConfig config, MeterRegistry meters) {
        Map<String, Object> serde = config.serdeProps();
        SchemaRegistryClient registry = SchemaRegistryClients.create(serde);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.producerProps(), new ByteArraySerializer(),
                new ByteArraySerializer());
        Simulator simulator = new Simulator(config, new ScanGenerator(config, Clock.systemUTC()), producer, registry, meters, Pacer.SYSTEM);
        simulator.ownedRegistry = registry;
        return simulator;
    }

    /**
     * {@link #run()} on a thread of the common pool, for a process that keeps serving meanwhile; an
     * interrupt fails the future.
     */
    public CompletableFuture<Report> runAsync() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Publishes the registry, then the traffic, until the scenario ends or {@link #stop()} is called;
     * flushes and reports.
     */
    public Report run() throws InterruptedException {
        long started = System.nanoTime();
        long devices = 0;
        if (config.getBoolean(SimulatorConfig.PUBLISH_DEVICES)) {
            devices = publishDevices();
        }
        long watchlist = 0;
        if (config.getBoolean(SimulatorConfig.PUBLISH_WATCHLIST)) {
            watchlist = publishWatchlist();
        }
        LOG.info("Simulator: {} villages, {} checkpoints, {} devices; simulated {} to {}; seed {}",
                generator.world().villages().size(), generator.world().checkpoints().size(), generator.world().devices().size(),
                generator.start(), generator.end() == null ? "(endless)" : generator.end(), config.getLong(ScenarioConfig.SEED));
        long index = 0;
        while (!stopped && !failed) {
            SimRecord record;
            synchronized (generator) {
                if (!generator.hasNext()) {
                    break;
                }
                record = generator.next();
            }
            pacer.awaitTurn(index++, record.emitAt().toEpochMilli());
            send(record);
        }
        producer.flush();
        Report report = new Report(groundTruth(), devices, watchlist, acknowledged.get(), failures.get(),
                Duration.ofNanos(System.nanoTime() - started), unacknowledged);
        if (report.complete()) {
            LOG.info("Simulator done: {} records acknowledged in {} ms; {}", report.recordsAcknowledged(),
                    report.wallTime().toMillis(), report.truth());
        } else {
            LOG.error("Simulator stopped: Kafka did not acknowledge {} of the {} records the ground truth counts within "
                    + "{}={} ms, so the truth no longer matches the topic (those records may be missing from {}); first "
                    + "unacknowledged: {}", report.sendFailures(), report.truth().records(), SimulatorConfig.KAFKA_UNAVAILABLE_MAX_MS,
                    unavailableMax.toMillis(), Topics.SCANS, report.unacknowledged());
        }
        return report;
    }

    /** Makes {@link #run()} return after the record in hand; safe from any thread. */
    public void stop() {
        stopped = true;
    }

    /** The truth about every record handed to the producer so far; safe from any thread. */
    public GroundTruth groundTruth() {
        synchronized (generator) {
            return generator.groundTruth();
        }
    }

    /** The generator being published (its world, start and end). */
    public ScanGenerator generator() {
        return generator;
    }

    private long publishDevices() {
        List<ProducerRecord<byte[], byte[]>> records = generator.deviceRegistrations().stream()
                .map(registration -> new ProducerRecord<>(Topics.DEVICES, keySerializer.serialize(Topics.DEVICES, registration.getDeviceId()),
                        deviceSerializer.serialize(Topics.DEVICES, registration)))
                .toList();
        return publishAll(records, "device registrations");
    }

    /**
     * The watchlist, keyed and partitioned as {@code gatewatch observation import} writes it, stamped
     * with the moment it became known (screening owes check-ins from then on), before any scan.
     */
    private long publishWatchlist() {
        List<ObservationEntry> entries = generator.watchlistEntries();
        if (entries.isEmpty()) {
            return 0;
        }
        int partitions = producer.partitionsFor(Topics.OBSERVATION).size();
        long knownSince = generator.watchlist().knownSince().toEpochMilli();
        List<ProducerRecord<byte[], byte[]>> records = entries.stream()
                .map(entry -> new ProducerRecord<>(Topics.OBSERVATION, ObservationPartitioning.partitionOf(entry.getPersonToken(), partitions),
                        knownSince, keySerializer.serialize(Topics.OBSERVATION, entry.getPersonToken()),
                        observationSerializer.serialize(Topics.OBSERVATION, entry)))
                .toList();
        return publishAll(records, "watchlist entries");
    }

    /** Sends and flushes {@code records}; fails the run if Kafka refused any. */
    private long publishAll(List<ProducerRecord<byte[], byte[]>> records, String what) {
        AtomicLong refused = new AtomicLong();
        for (ProducerRecord<byte[], byte[]> record : records) {
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    refused.incrementAndGet();
                }
            });
        }
        producer.flush();
        if (refused.get() > 0) {
            throw new IllegalStateException("Kafka refused " + refused.get() + " of " + records.size() + " " + what);
        }
        return records.size();
    }

    private void send(SimRecord record) throws InterruptedException {
        ScanSource source = record instanceof SimRecord.Scan scan ? scan.event().getSource() : ScanSource.UNKNOWN_SOURCE;
        ProducerRecord<byte[], byte[]> producerRecord = serialize(record);
        if (producerRecord == null) {
            refused(record, source, new IllegalStateException("the schema registry did not answer within " + unavailableMax));
            return;
        }
        try {
            // blocks (max.block.ms = the outage bound) while Kafka is away and the buffer is full: the pause
            producer.send(producerRecord, outcome(record, source));
        } catch (KafkaException e) {
            refused(record, source, e);
        }
    }

    /** The record in the wire format; an unreachable registry is retried for up to the outage bound (null after that). */
    private ProducerRecord<byte[], byte[]> serialize(SimRecord record) throws InterruptedException {
        long deadline = System.nanoTime() + unavailableMax.toNanos();
        boolean warned = false;
        while (true) {
            try {
                byte[] key = keySerializer.serialize(Topics.SCANS, record.deviceId());
                byte[] value = record instanceof SimRecord.Scan scan
                        ? scanSerializer.serialize(Topics.SCANS, scan.event())
                        : ((SimRecord.Malformed) record).value();
                if (warned) {
                    LOG.info("Simulator: schema registry reachable again; resuming");
                }
                return new ProducerRecord<>(Topics.SCANS, key, value);
            } catch (SerializationException e) {
                if (System.nanoTime() >= deadline || stopped) {
                    return null;
                }
                if (!warned) {
                    warned = true;
                    LOG.warn("Simulator: cannot serialise a record ({}); pausing and retrying for up to {} ms", e.toString(),
                            unavailableMax.toMillis());
                }
                Thread.sleep(REGISTRY_RETRY_MS);
            }
        }
    }

    private Callback outcome(SimRecord record, ScanSource source) {
        return (metadata, exception) -> {
            if (exception == null) {
                acknowledged.incrementAndGet();
                sentBySource.get(source).increment();
            } else {
                refused(record, source, exception);
            }
        };
    }

    /** A record the truth counts that Kafka will not have: the run ends, and the report names it. */
    private void refused(SimRecord record, ScanSource source, Exception cause) {
        failed = true;
        if (failures.getAndIncrement() == 0) {
            LOG.error("Simulator: Kafka did not acknowledge a record within {} ms ({}); stopping, the ground truth no "
                    + "longer matches the topic", unavailableMax.toMillis(), cause.toString());
        }
        if (unacknowledged.size() < NAMED_FAILURES) {
            unacknowledged.add(describe(record));
        }
        failedBySource.get(source).increment();
    }

    private static String describe(SimRecord record) {
        return record instanceof SimRecord.Scan scan
                ? scan.event().getEventId() + " (device " + record.deviceId() + ")"
                : "malformed record (device " + record.deviceId() + ", sent at " + record.emitAt() + ")";
    }

    private static Counter counter(MeterRegistry meters, ScanSource source, String outcome) {
        return Counter.builder(MetricNames.PRODUCED)
                .description("Scans produced by this process, by outcome")
                .tag("source", source == ScanSource.UNKNOWN_SOURCE ? MALFORMED_SOURCE : source.name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void close() {
        stop();
        producer.close(Duration.ofSeconds(10));
        if (ownedRegistry != null) {
            ownedRegistry.close();
        }
    }

    /**
     * Runs the simulator from a properties file with the {@link SimulatorConfig} keys:
     * {@code java -cp producers.jar io.gatewatch.producers.sim.Simulator sim.properties}.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: Simulator <sim.properties>");
            System.exit(2);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            properties.load(reader);
        }
        Map<String, Object> props = new HashMap<>();
        properties.forEach((k, v) -> props.put(k.toString(), v));
        try (Simulator simulator = create(new SimulatorConfig(props), Metrics.globalRegistry)) {
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::stop, "simulator-stop"));
            Report report = simulator.run();
            System.out.println(report.truth());
            System.out.printf("%d records acknowledged, %d refused, %.0f records/s%n",
                    report.recordsAcknowledged(), report.sendFailures(), report.recordsPerSecond());
            if (!report.complete()) {
                System.out.println("Kafka did not acknowledge " + report.sendFailures() + " records; first: " + report.unacknowledged());
                System.exit(1);
            }
        }
    }
}
