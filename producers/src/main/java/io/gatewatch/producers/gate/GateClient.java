package io.gatewatch.producers.gate;

import io.gatewatch.producers.kafka.Sends;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.serde.BoundedDecoder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library a gate controller embeds: turns what a gate device read ({@link GateScan}) into a
 * {@link ScanEvent} and gets it onto {@link Topics#SCANS}, surviving broker outages and crashes.
 *
 * <pre>{@code
 * try (GateClient client = GateClient.builder().config(props).meterRegistry(registry).build()) {
 *     try {
 *         client.submit(scan);                  // returns once the scan is durable on the gate's disk
 *         display.ok();
 *     } catch (SpoolFullException e) {          // Kafka away so long that spool.max.bytes is used up
 *         display.warn(e);                      // the scan was not taken: keep it on the device
 *     }
 * }
 * }</pre>
 *
 * <h2>Guarantees: a write-ahead log in front of Kafka</h2>
 * <ul>
 *   <li><b>Privacy</b>: the raw identity is replaced by {@link Pseudonymizer#token} (HMAC-SHA256
 *       with the deployment secret) when the event is built; only the token is spooled or sent.</li>
 *   <li><b>Accepted means durable</b>: {@link #submit} returns only once the scan is in the
 *       {@link FileSpool} and, under {@code spool.fsync.policy=always} (the default), forced to the
 *       device. Concurrent submitters share fsyncs (group commit). The spool is the only path to
 *       Kafka: nothing a caller was told "accepted" lives only in memory.</li>
 *   <li><b>Delivery</b>: one drainer thread sends the spool in order (idempotent producer,
 *       {@code acks=all}, key = device id, Confluent wire format via {@link AvroSerde}) and moves the
 *       spool's acknowledged position past a scan only after Kafka acknowledged it and every scan
 *       before it. When Kafka or the registry is away it probes with one scan every
 *       {@code drain.interval.ms}; the spool keeps everything meanwhile (bounded by
 *       {@code spool.max.bytes}: then {@link SpoolFullException}, the only refusal).</li>
 *   <li><b>Crash at any point</b> (kill -9, power cut under {@code always}): after restart a new
 *       client on the same {@code spool.dir} sends every scan not yet acknowledged in the spool, so
 *       every accepted scan reaches Kafka at least once. Duplicates are possible (a crash between
 *       Kafka's ack and the spool's); they carry the same event id and screening drops them.</li>
 * </ul>
 *
 * <p>Metrics: {@link MetricNames#PRODUCED} with {@code source=gate_device} and
 * {@code outcome=spooled} (accepted: durable in the spool), {@code sent} (Kafka acknowledged it) or
 * {@code failed} (refused: spool full or disk error; or an unreadable spool record set aside);
 * {@link MetricNames#SPOOL_DEPTH} (scans accepted and not yet acknowledged by Kafka). Thread-safe.
 */
public final class GateClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GateClient.class);
    static final String SOURCE_TAG = ScanSource.GATE_DEVICE.name().toLowerCase(Locale.ROOT);

    /** A scan the client accepted: durable in the spool, to be delivered to Kafka at least once. */
    public record Delivery(String eventId, long sequence) {}

    /** Named points on the delivery path, where crash tests stop the client (see {@link Builder#crashPoints}). */
    enum Point {
        /** A batch read from the spool, nothing of it sent yet. */
        BEFORE_SEND,
        /** Kafka acknowledged the batch; the spool's acknowledged position not yet moved. */
        BEFORE_SPOOL_ACK
    }

    /** Called by the drainer at each {@link Point}; a test may block here and then {@link #halt()} the client. */
    @FunctionalInterface
    interface CrashPoints {
        CrashPoints NONE = point -> { };

        void reached(Point point) throws InterruptedException;
    }

    private final GateClientConfig config;
    private final Pseudonymizer pseudonymizer;
    private final PlateTokens plateTokens;
    private final FileSpool spool;
    private final Producer<byte[], byte[]> producer;
    private final Serializer<String> keySerializer;
    private final Serializer<ScanEvent> valueSerializer;
    private final SchemaRegistryClient ownedRegistry;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter sentCounter;
    private final Counter spooledCounter;
    private final Counter failedCounter;
    private final Gauge depthGauge;
    private final CrashPoints crashPoints;
    private final Thread drainer;
    private final Object work = new Object();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final int drainBatchSize;
    private volatile boolean closed;
    private volatile boolean spoolFullWarned;
    private boolean workPending; // guarded by work
    private boolean probing; // drainer thread only

    private GateClient(Builder builder) throws IOException {
        this.config = new GateClientConfig(builder.props);
        this.pseudonymizer = config.pseudonymizer();
        this.plateTokens = config.plateTokens();
        this.clock = builder.clock;
        this.meters = builder.meters;
        this.crashPoints = builder.crashPoints;
        this.drainBatchSize = config.getInt(GateClientConfig.DRAIN_BATCH_SIZE);
        Map<String, Object> serdeProps = config.serdeProps();
        SchemaRegistryClient registry = builder.registry != null ? builder.registry : SchemaRegistryClients.create(serdeProps);
        this.ownedRegistry = builder.registry != null ? null : registry;
        this.keySerializer = AvroSerde.forKeys(String.class, registry, serdeProps).serializer();
        this.valueSerializer = AvroSerde.forValues(ScanEvent.class, registry, serdeProps).serializer();
        this.spool = FileSpool.open(config.spoolDir(), config.spoolOptions());
        try {
            this.producer = builder.producerFactory.apply(config.producerProps());
        } catch (RuntimeException e) {
            spool.close();
            throw e;
        }
        this.sentCounter = counter("sent");
        this.spooledCounter = counter("spooled");
        this.failedCounter = counter("failed");
        this.depthGauge = Gauge.builder(MetricNames.SPOOL_DEPTH, spool, FileSpool::depth)
                .description("Scans waiting in the gate client's offline spool")
                .register(meters);
        // a spool left by an earlier run may mean Kafka was away: probe with one scan before sending batches
        this.probing = !spool.isEmpty();
        this.workPending = !spool.isEmpty();
        this.drainer = new Thread(this::drainLoop, "gatewatch-gate-drainer");
        drainer.setDaemon(true);
        drainer.start();
        LOG.info("Gate client for device {} started; spool {} holds {} scans", config.deviceId(), config.spoolDir(), spool.depth());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Accepts a scan: pseudonymises it and appends it to the spool, returning once it is durable
     * there (per {@code spool.fsync.policy}); the drainer then delivers it to Kafka. Never waits for
     * Kafka.
     *
     * @return the event id the scan was given and its place in the spool
     * @throws SpoolFullException if the spool has no room; the scan was not taken, the caller keeps it
     * @throws IllegalArgumentException if the scan cannot be encoded (e.g. a blank identity)
     * @throws IllegalStateException if the client is closed
     * @throws java.io.UncheckedIOException if the spool cannot be written (disk error); the scan was not taken
     */
    public Delivery submit(GateScan scan) throws SpoolFullException {
        Objects.requireNonNull(scan, "scan");
        ScanEvent event = toEvent(scan);
        byte[] payload = encode(event);
        long sequence;
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("gate client is closed");
            }
            sequence = spool.append(payload);
        } catch (SpoolFullException e) {
            warnFull(e);
            failedCounter.increment();
            throw e;
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("Cannot write a scan to the spool {}", config.spoolDir(), e);
            }
            failedCounter.increment();
            throw e;
        } finally {
            lifecycle.readLock().unlock();
        }
        spooledCounter.increment();
        wakeDrainer();
        return new Delivery(event.getEventId(), sequence);
    }

    /** Scans accepted and not yet acknowledged by Kafka. */
    public long spoolDepth() {
        return spool.depth();
    }

    /** The event a scan becomes: what goes to the spool and Kafka, the raw identity replaced by its token. */
    ScanEvent toEvent(GateScan scan) {
        return ScanEvent.newBuilder()
                .setEventId(scan.eventId() != null ? scan.eventId() : UUID.randomUUID().toString())
                .setSource(ScanSource.GATE_DEVICE)
                .setDeviceId(config.deviceId())
                .setCheckpointId(config.getString(GateClientConfig.CHECKPOINT_ID))
                .setVillageCode(config.getString(GateClientConfig.VILLAGE_CODE))
                .setDirection(scan.direction())
                .setPersonToken(scan.hasIdentity() ? pseudonymizer.token(scan.identity()) : null)
                .setPersonKind(scan.personKind())
                .setVehiclePlate(plateTokens.tokenOrNull(scan.vehiclePlate()))
                .setScannedAt(scan.scannedAt() != null ? scan.scannedAt() : clock.instant())
                .setTemperature(scan.temperature() == null ? null : TemperatureReading.newBuilder()
                        .setValue(scan.temperature())
                        .setUnit(scan.unit())
                        .setBodySite(scan.bodySite())
                        .setAmbientCelsius(scan.ambientCelsius())
                        .build())
                .setHealthCode(scan.healthCode())
                .setTestResultAgeHours(scan.testResultAgeHours())
                .build();
    }

    private void warnFull(SpoolFullException e) {
        if (!spoolFullWarned) {
            spoolFullWarned = true;
            LOG.warn("Gate client for device {}: {}; refusing scans until the spool drains", config.deviceId(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- drain path

    private void wakeDrainer() {
        synchronized (work) {
            workPending = true;
            work.notifyAll();
        }
    }

    /**
     * Drains until closed. After a failure it waits a full {@code drain.interval.ms} before the next
     * probe however many scans arrive; otherwise a submit wakes it at once.
     */
    private void drainLoop() {
        long interval = config.drainInterval().toMillis();
        while (!closed) {
            try {
                if (spool.options().fsyncPolicy() == FsyncPolicy.INTERVAL) {
                    spool.sync();
                }
                boolean more = drain();
                if (closed) {
                    return;
                }
                if (probing) {
                    Thread.sleep(interval);
                } else if (!more) {
                    synchronized (work) {
                        if (!workPending) {
                            work.wait(interval);
                        }
                        workPending = false;
                    }
                }
            } catch (InterruptedException e) {
                return; // closing or halted: whatever was not acknowledged stays in the spool
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                probing = true;
                LOG.warn("Spool drain round failed; retrying in {} ms", interval, e);
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Sends one batch from the spool in order and acknowledges in the spool the prefix Kafka
     * acknowledged.
     *
     * @return true if the whole batch was delivered (there may be more), false if the spool was
     *         empty or a send failed
     */
    private boolean drain() throws InterruptedException {
        // after a failure, probe with one scan rather than fill the producer's buffer with doomed sends
        List<FileSpool.Entry> batch = spool.read(probing ? 1 : drainBatchSize);
        if (batch.isEmpty()) {
            spoolFullWarned = false;
            return false;
        }
        crashPoints.reached(Point.BEFORE_SEND);
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (FileSpool.Entry entry : batch) {
            sends.add(sendSpooled(entry));
        }
        int delivered = 0;
        Throwable failure = null;
        for (CompletableFuture<RecordMetadata> send : sends) {
            try {
                send.get();
                delivered++;
            } catch (ExecutionException e) {
                failure = e.getCause();
                break;
            }
        }
        if (delivered > 0) {
            crashPoints.reached(Point.BEFORE_SPOOL_ACK);
            // Kafka has them; a crash before this line only resends them (same event ids)
            spool.acknowledge(batch.get(delivered - 1).next());
        }
        if (failure != null) {
            if (!probing) {
                probing = true;
                LOG.warn("Gate client for device {}: Kafka unavailable ({}); {} scans wait in the spool, retrying every {} ms",
                        config.deviceId(), failure.toString(), spool.depth(), config.drainInterval().toMillis());
            }
            return false;
        }
        if (probing) {
            probing = false;
            LOG.info("Gate client for device {}: Kafka reachable again; draining {} spooled scans", config.deviceId(), spool.depth());
        }
        return true;
    }

    /** Sends one spooled scan; completes when Kafka acknowledged it (an unreadable one is set aside and counts as done). */
    private CompletableFuture<RecordMetadata> sendSpooled(FileSpool.Entry entry) {
        ScanEvent event;
        try {
            event = decode(entry.payload());
        } catch (IOException | AvroRuntimeException e) {
            quarantine(entry, e);
            return CompletableFuture.completedFuture(null);
        }
        return Sends.send(producer, toRecord(event)).thenApply(metadata -> {
            sentCounter.increment();
            return metadata;
        });
    }

    /**
     * A spooled record that no longer decodes (written by a client with an incompatible schema) can
     * never be sent; keep its bytes beside the spool for an operator rather than block the queue.
     */
    private void quarantine(FileSpool.Entry entry, Exception cause) {
        Path file = config.spoolDir().resolve("quarantine-" + entry.sequence() + ".avro");
        try {
            Files.write(file, entry.payload());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside unreadable spool record " + entry.sequence(), e);
        }
        failedCounter.increment();
        LOG.error("Spooled scan #{} cannot be decoded ({}); its bytes are kept in {}", entry.sequence(), cause.toString(), file);
    }

    // ---------------------------------------------------------------- encoding

    private ProducerRecord<byte[], byte[]> toRecord(ScanEvent event) {
        byte[] key = keySerializer.serialize(Topics.SCANS, event.getDeviceId());
        byte[] value = valueSerializer.serialize(Topics.SCANS, event);
        return new ProducerRecord<>(Topics.SCANS, key, value);
    }

    /**
     * Spool records are Avro single-object encoded (schema fingerprint + binary), independent of the
     * registry: scans can be spooled while the registry is unreachable too.
     */
    static byte[] encode(ScanEvent event) {
        try {
            ByteBuffer buffer = ScanEvent.getEncoder().encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a spooled scan (Avro single-object encoding: {@code C3 01}, the schema's 8-byte
     * fingerprint, the datum) through the {@link BoundedDecoder}, so a damaged or forged spool entry
     * can never make the drainer allocate more than the entry's own size.
     */
    static ScanEvent decode(byte[] payload) throws IOException {
        if (payload.length < SINGLE_OBJECT_HEADER || payload[0] != (byte) 0xC3 || payload[1] != (byte) 0x01) {
            throw new IOException("spool entry is not a single-object-encoded ScanEvent");
        }
        if (ByteBuffer.wrap(payload, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() != SCAN_FINGERPRINT) {
            throw new IOException("spool entry was written with another ScanEvent schema");
        }
        BoundedDecoder decoder = new BoundedDecoder().reset(payload, SINGLE_OBJECT_HEADER, payload.length - SINGLE_OBJECT_HEADER);
        ScanEvent event = new SpecificDatumReader<ScanEvent>(ScanEvent.getClassSchema()).read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("trailing bytes after the spooled scan");
        }
        return event;
    }

    private static final int SINGLE_OBJECT_HEADER = 10;
    private static final long SCAN_FINGERPRINT = SchemaNormalization.parsingFingerprint64(ScanEvent.getClassSchema());

    // ---------------------------------------------------------------- lifecycle

    /**
     * Stops accepting scans, lets the drainer finish its round (up to {@code close.timeout.ms}),
     * and closes the producer and the spool. Scans not yet acknowledged by Kafka stay in the spool;
     * the next client on the same directory sends them.
     */
    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        Duration timeout = config.closeTimeout();
        wakeDrainer();
        joinQuietly(timeout);
        if (drainer.isAlive()) {
            drainer.interrupt(); // stuck waiting for Kafka: its batch stays in the spool
            joinQuietly(timeout);
        }
        producer.close(timeout);
        meters.remove(depthGauge);
        long left = spool.depth();
        spool.close();
        if (ownedRegistry != null) {
            ownedRegistry.close();
        }
        LOG.info("Gate client for device {} closed; {} scans wait in the spool", config.deviceId(), left);
    }

    /**
     * For crash tests: stops as kill -9 would, with no flush, no fsync and no acknowledgement;
     * the spool directory is left as the killed process would leave it.
     */
    void halt() {
        if (!markClosed()) {
            return;
        }
        drainer.interrupt();
        spool.abandon();
        producer.close(Duration.ZERO);
        meters.remove(depthGauge);
        joinQuietly(config.closeTimeout());
    }

    private boolean markClosed() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void joinQuietly(Duration timeout) {
        try {
            drainer.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Counter counter(String outcome) {
        return Counter.builder(MetricNames.PRODUCED)
                .description("Scans produced by this process, by outcome")
                .tag("source", SOURCE_TAG)
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Builds a {@link GateClient}. Only {@link #config} is required. */
    public static final class Builder {
        private Map<String, ?> props;
        private MeterRegistry meters = Metrics.globalRegistry;
        private SchemaRegistryClient registry;
        private Clock clock = Clock.systemUTC();
        private Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory =
                props -> new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        private CrashPoints crashPoints = CrashPoints.NONE;

        private Builder() {}

        /** The settings, keys as in {@link GateClientConfig}. */
        public Builder config(Map<String, ?> props) {
            this.props = new java.util.HashMap<>(Objects.requireNonNull(props, "props"));
            return this;
        }

        /** Where the client's meters go; Micrometer's global registry if not given. */
        public Builder meterRegistry(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /** A registry client to share with other serdes of the process; one is created from the config if not given. */
        public Builder schemaRegistryClient(SchemaRegistryClient registry) {
            this.registry = registry;
            return this;
        }

        /** The clock that stamps scans built without {@code scannedAt}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** For tests: a producer other than {@link KafkaProducer}, given the producer settings. */
        Builder producerFactory(Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory) {
            this.producerFactory = Objects.requireNonNull(producerFactory, "producerFactory");
            return this;
        }

        /** For crash tests: called by the drainer at each named {@link Point}. */
        Builder crashPoints(CrashPoints crashPoints) {
            this.crashPoints = Objects.requireNonNull(crashPoints, "crashPoints");
            return this;
        }

        /**
         * Validates the config, opens (and recovers) the spool and starts the drainer, which sends
         * whatever an earlier run left in the spool.
         *
         * @throws org.apache.kafka.common.config.ConfigException naming the bad key
         * @throws UncheckedIOException if the spool directory cannot be opened
         */
        public GateClient build() {
            Objects.requireNonNull(props, "config");
            try {
                return new GateClient(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the gate client's spool", e);
            }
        }
    }
}
