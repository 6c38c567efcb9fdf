package io.gatewatch.producers.sim;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.MetricNames;
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
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link ScanGenerator}'s traffic to Kafka: first the device registry to
 * {@link Topics#DEVICES} (key deviceId, {@link DeviceRegistration}), then every record to
 * {@link Topics#SCANS} in send order (key deviceId; value a {@link ScanEvent}, or the raw bytes
 * of a malformed record), all in the Confluent wire format, idempotent with {@code acks=all}.
 * Paced by {@code sim.rate.events.per.second} and/or {@code sim.speed}, or as fast as possible.
 *
 * <p>{@link #run()} blocks until the scenario ends (or {@link #stop()}), flushes, and reports
 * the {@link GroundTruth} of what was sent with the count of sends Kafka acknowledged and
 * refused; the truth describes the topic exactly when the refusals are 0. Metrics:
 * {@link MetricNames#PRODUCED} by {@code source} (malformed records count as
 * {@code unknown_source}) and {@code outcome} ({@code sent}, {@code failed}).
 */
public final class Simulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    private static final String MALFORMED_SOURCE = ScanSource.UNKNOWN_SOURCE.name().toLowerCase(Locale.ROOT);

    /** What a run did. */
    public record Report(GroundTruth truth, long devicesPublished, long recordsAcknowledged, long sendFailures, Duration wallTime) {
        /** Records acknowledged per wall-clock second. */
        public double recordsPerSecond() {
            return wallTime.isZero() ? 0 : recordsAcknowledged * 1000.0 / wallTime.toMillis();
        }
    }

    private final SimulatorConfig config;
    private final ScanGenerator generator;
    private final Producer<byte[], byte[]> producer;
    private final Serializer<String> keySerializer;
    private final Serializer<ScanEvent> scanSerializer;
    private final Serializer<DeviceRegistration> deviceSerializer;
    private final Pacer pacer;
    private SchemaRegistryClient ownedRegistry;
    private final Map<ScanSource, Counter> sentBySource = new EnumMap<>(ScanSource.class);
    private final Map<ScanSource, Counter> failedBySource = new EnumMap<>(ScanSource.class);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stopped;

    Simulator(SimulatorConfig config, ScanGenerator generator, Producer<byte[], byte[]> producer, SchemaRegistryClient registry,
              MeterRegistry meters, Pacer.Clock wallClock) {
        this.config = config;
        this.generator = generator;
        this.producer = producer;
        Map<String, Object> serde = config.serdeProps();
        this.keySerializer = AvroSerde.forKeys(String.class, registry, serde).serializer();
        this.scanSerializer = AvroSerde.forValues(ScanEvent.class, registry, serde).serializer();
        this.deviceSerializer = AvroSerde.forValues(DeviceRegistration.class, registry, serde).serializer();
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
     * Publishes the registry, then the traffic, until the scenario ends or {@link #stop()} is called;
     * flushes and reports.
     */
    public Report run() throws InterruptedException {
        long started = System.nanoTime();
        long devices = 0;
        if (config.getBoolean(SimulatorConfig.PUBLISH_DEVICES)) {
            devices = publishDevices();
        }
        LOG.info("Simulator: {} villages, {} checkpoints, {} devices; simulated {} to {}; seed {}",
                generator.world().villages().size(), generator.world().checkpoints().size(), generator.world().devices().size(),
                generator.start(), generator.end() == null ? "(endless)" : generator.end(), config.getLong(ScenarioConfig.SEED));
        long index = 0;
        while (!stopped) {
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
        Report report = new Report(groundTruth(), devices, acknowledged.get(), failures.get(),
                Duration.ofNanos(System.nanoTime() - started));
        LOG.info("Simulator done: {} records acknowledged, {} refused, in {} ms; {}", report.recordsAcknowledged(),
                report.sendFailures(), report.wallTime().toMillis(), report.truth());
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
        long count = 0;
        AtomicLong refused = new AtomicLong();
        for (DeviceRegistration registration : generator.deviceRegistrations()) {
            producer.send(new ProducerRecord<>(Topics.DEVICES, keySerializer.serialize(Topics.DEVICES, registration.getDeviceId()),
                    deviceSerializer.serialize(Topics.DEVICES, registration)), (metadata, e) -> {
                        if (e != null) {
                            refused.incrementAndGet();
                        }
                    });
            count++;
        }
        producer.flush();
        if (refused.get() > 0) {
            throw new IllegalStateException("Kafka refused " + refused.get() + " of " + count + " device registrations");
        }
        return count;
    }

    private void send(SimRecord record) {
        byte[] key = keySerializer.serialize(Topics.SCANS, record.deviceId());
        ScanSource source;
        byte[] value;
        if (record instanceof SimRecord.Scan scan) {
            source = scan.event().getSource();
            value = scanSerializer.serialize(Topics.SCANS, scan.event());
        } else {
            source = ScanSource.UNKNOWN_SOURCE;
            value = ((SimRecord.Malformed) record).value();
        }
        producer.send(new ProducerRecord<>(Topics.SCANS, key, value), outcome(source));
    }

    private Callback outcome(ScanSource source) {
        return (metadata, exception) -> {
            if (exception == null) {
                acknowledged.incrementAndGet();
                sentBySource.get(source).increment();
            } else {
                if (failures.getAndIncrement() == 0) {
                    LOG.warn("Simulator: Kafka refused a record ({}); the ground truth no longer matches the topic", exception.toString());
                }
                failedBySource.get(source).increment();
            }
        };
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
        }
    }
}
