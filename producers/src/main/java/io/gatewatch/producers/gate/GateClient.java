package io.gatewatch.producers.gate;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.avro.AvroRuntimeException;
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
 * {@link ScanEvent} and gets it onto {@link Topics#SCANS}, surviving broker outages.
 *
 * <pre>{@code
 * try (GateClient client = GateClient.builder().config(props).meterRegistry(registry).build()) {
 *     client.submit(scan)                       // never blocks on an unreachable broker for long
 *           .thenAccept(d -> display.ok())      // d.outcome(): SENT (Kafka acked) or SPOOLED (on local disk)
 *           .exceptionally(e -> { display.warn(e); return null; });  // SpoolFullException: keep it on the device
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Privacy</b>: the raw identity is replaced by {@link Pseudonymizer#token} (HMAC-SHA256
 *       with the deployment secret) when the event is built; only the token is sent or spooled.</li>
 *   <li><b>Produce</b>: idempotent producer, {@code acks=all}, key = device id, key and value in the
 *       Confluent wire format ({@link AvroSerde}). Every scan gets an event id (the device's own, or
 *       a random UUID) that retries and spool replays keep, so the screening topology can
 *       de-duplicate.</li>
 *   <li><b>No loss</b>: a submitted scan's future completes with {@code SENT} once Kafka has
 *       acknowledged it, or with {@code SPOOLED} once it is in the {@link FileSpool} (durable per
 *       {@code spool.fsync.policy}), or fails with {@link SpoolFullException} (the only refusal: the
 *       caller still holds the scan). A scan whose send fails or times out
 *       ({@code send.timeout.ms}, {@code send.block.ms}), or whose serialisation fails because the
 *       registry is unreachable, is spooled. While the spool holds anything, new scans are spooled
 *       behind it, and a background drainer sends the spool in order every
 *       {@code drain.interval.ms}, acknowledging each batch only after Kafka acknowledged all of it.
 *       A new client on the same {@code spool.dir} carries on after a restart.</li>
 *   <li><b>Duplicates</b>: possible (a crash between Kafka's ack and the spool's ack, or a send
 *       that timed out locally but landed); they carry the same event id. Order: scans are spooled
 *       and drained in order; scans in flight when an outage starts may join the spool in another
 *       order. Windows use event time, so order is not needed for correct counts.</li>
 * </ul>
 *
 * <p>Metrics: {@link MetricNames#PRODUCED} with {@code source=gate_device} and
 * {@code outcome=sent} (Kafka acknowledged, directly or from the spool), {@code spooled} (written
 * to the spool) or {@code failed} (refused: spool full, or unreadable in the spool);
 * {@link MetricNames#SPOOL_DEPTH} (scans waiting). Thread-safe.
 */
public final class GateClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GateClient.class);
    static final String SOURCE_TAG = ScanSource.GATE_DEVICE.name().toLowerCase(Locale.ROOT);

    /** Where a submitted scan ended up. */
    public enum Outcome {
        /** Kafka acknowledged it (all in-sync replicas). */
        SENT,
        /** Kafka was unreachable or slow; it is in the local spool and will be sent when Kafka returns. */
        SPOOLED
    }

    /** The result of a submit: the event id the scan was given and where it went. */
    public record Delivery(String eventId, Outcome outcome) {}

    private final GateClientConfig config;
    private final Pseudonymizer pseudonymizer;
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
    private final ScheduledExecutorService drainer;
    private final ExecutorService spooler;
    private final BlockingQueue<Pending> failedSends = new LinkedBlockingQueue<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final int drainBatchSize;
    private volatile boolean spooling;
    private volatile boolean closed;
    private volatile boolean spoolFullWarned;
    private boolean probing; // drainer thread only

    private GateClient(Builder builder) throws IOException {
        this.config = new GateClientConfig(builder.props);
        this.pseudonymizer = config.pseudonymizer();
        this.clock = builder.clock;
        this.meters = builder.meters;
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
        this.spooling = !spool.isEmpty();
        this.probing = spooling; // a spool left by an earlier run means Kafka was away: probe before sending batches
        this.drainer = Executors.newSingleThreadScheduledExecutor(daemon("gatewatch-gate-drainer"));
        this.spooler = Executors.newSingleThreadExecutor(daemon("gatewatch-gate-spooler"));
        long interval = config.drainInterval().toMillis();
        drainer.scheduleWithFixedDelay(this::drainTick, spooling ? 0 : interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("Gate client for device {} started; spool {} holds {} scans", config.deviceId(), config.spoolDir(), spool.depth());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a scan: pseudonymises it, then produces it, or spools it if Kafka cannot take it now.
     * Returns at once unless the producer blocks for metadata or buffer room (at most
     * {@code send.block.ms}) or the spool syncs.
     *
     * @return completes with {@link Outcome#SENT} or {@link Outcome#SPOOLED}; fails with
     *         {@link SpoolFullException} if the scan could be neither sent nor spooled
     * @throws IllegalArgumentException if the scan cannot be encoded (e.g. a blank identity)
     */
    public CompletableFuture<Delivery> submit(GateScan scan) {
        Objects.requireNonNull(scan, "scan");
        ScanEvent event = toEvent(scan);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("gate client is closed"));
            }
            if (spooling || !spool.isEmpty()) {
                return spoolNow(event);
            }
            return sendDirect(event);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * {@link #submit} and wait: returns once the scan is sent or spooled (up to
     * {@code send.timeout.ms} while a send is in flight).
     *
     * @throws SpoolFullException if the scan could be neither sent nor spooled; the caller keeps it
     */
    public Delivery record(GateScan scan) throws SpoolFullException, InterruptedException {
        try {
            return submit(scan).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SpoolFullException full) {
                throw full;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Scans waiting in the spool. */
    public long spoolDepth() {
        return spool.depth();
    }

    /** The event a scan becomes: what goes to Kafka (and the spool), the raw identity replaced by its token. */
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
                .setVehiclePlate(scan.vehiclePlate())
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

    // ---------------------------------------------------------------- direct path

    private CompletableFuture<Delivery> sendDirect(ScanEvent event) {
        ProducerRecord<byte[], byte[]> record;
        try {
            record = toRecord(event);
        } catch (RuntimeException e) {
            enterSpooling("the schema registry refused or could not be reached", e);
            return spoolNow(event);
        }
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    sentCounter.increment();
                    result.complete(new Delivery(event.getEventId(), Outcome.SENT));
                } else {
                    // the producer's I/O thread: hand the spooling (an fsync) to our own thread
                    enterSpooling("Kafka did not acknowledge a scan", exception);
                    failedSends.add(new Pending(event, result));
                    scheduleSpooling();
                }
            });
        } catch (RuntimeException e) {
            // buffer exhausted for send.block.ms, producer closed or in a fatal state
            enterSpooling("the producer refused a scan", e);
            return spoolNow(event);
        }
        return result;
    }

    private void enterSpooling(String why, Throwable cause) {
        if (!spooling) {
            spooling = true;
            LOG.warn("Gate client for device {}: {} ({}); spooling scans to {} until Kafka is back",
                    config.deviceId(), why, cause.toString(), config.spoolDir());
        }
    }

    private void scheduleSpooling() {
        try {
            spooler.execute(this::spoolFailedSends);
        } catch (RejectedExecutionException e) {
            // closing: close() sweeps the queue itself
        }
    }

    /** Spools, in one group commit, every scan whose direct send failed so far. */
    private void spoolFailedSends() {
        List<Pending> batch = new ArrayList<>();
        failedSends.drainTo(batch);
        if (batch.isEmpty()) {
            return;
        }
        int written;
        try {
            written = spool.appendAll(batch.stream().map(p -> encode(p.event)).toList());
        } catch (RuntimeException e) {
            LOG.error("Cannot write {} scans to the spool {}", batch.size(), config.spoolDir(), e);
            batch.forEach(p -> fail(p.result, e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            if (i < written) {
                spooledCounter.increment();
                pending.result.complete(new Delivery(pending.event.getEventId(), Outcome.SPOOLED));
            } else {
                SpoolFullException full = new SpoolFullException(spool.sizeBytes(), encode(pending.event).length,
                        spool.options().maxBytes());
                warnFull(full);
                fail(pending.result, full);
            }
        }
    }

    private CompletableFuture<Delivery> spoolNow(ScanEvent event) {
        try {
            spool.append(encode(event));
            spooledCounter.increment();
            return CompletableFuture.completedFuture(new Delivery(event.getEventId(), Outcome.SPOOLED));
        } catch (SpoolFullException e) {
            warnFull(e);
            failedCounter.increment();
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            LOG.error("Cannot write a scan to the spool {}", config.spoolDir(), e);
            failedCounter.increment();
            return CompletableFuture.failedFuture(e);
        }
    }

    private void fail(CompletableFuture<Delivery> result, Throwable e) {
        failedCounter.increment();
        result.completeExceptionally(e);
    }

    private void warnFull(SpoolFullException e) {
        if (!spoolFullWarned) {
            spoolFullWarned = true;
            LOG.warn("Gate client for device {}: {}; refusing scans until the spool drains", config.deviceId(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- drain path

    private void drainTick() {
        try {
            if (spool.options().fsyncPolicy() == FsyncPolicy.INTERVAL) {
                spool.sync();
            }
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Spool drain round failed; retrying in {} ms", config.drainInterval().toMillis(), e);
            }
        }
    }

    /** Sends the spool in order, batch by batch, until it is empty or a send fails. */
    private void drain() throws InterruptedException {
        while (!closed) {
            // after a failure, probe with one scan rather than fill the producer's buffer with doomed sends
            List<FileSpool.Entry> batch = spool.read(probing ? 1 : drainBatchSize);
            if (batch.isEmpty()) {
                spooling = false;
                spoolFullWarned = false;
                return;
            }
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
                // Kafka has them; a crash before this line only resends them (same event ids)
                spool.acknowledge(batch.get(delivered - 1).next());
            }
            if (failure != null) {
                if (!probing) {
                    probing = true;
                    LOG.warn("Gate client for device {}: Kafka unavailable ({}); {} scans wait in the spool, retrying every {} ms",
                            config.deviceId(), failure.toString(), spool.depth(), config.drainInterval().toMillis());
                }
                return;
            }
            if (probing) {
                probing = false;
                LOG.info("Gate client for device {}: Kafka reachable again; draining {} spooled scans", config.deviceId(), spool.depth());
            }
        }
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
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            producer.send(toRecord(event), (metadata, exception) -> {
                if (exception == null) {
                    sentCounter.increment();
                    result.complete(metadata);
                } else {
                    result.completeExceptionally(exception);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
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

    static ScanEvent decode(byte[] payload) throws IOException {
        return ScanEvent.getDecoder().decode(payload);
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Stops the drainer, waits up to {@code close.timeout.ms} for scans in flight, spools those
     * Kafka has not acknowledged by then, and closes the spool. Scans still in the spool are sent by
     * the next client on the same directory.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        Duration timeout = config.closeTimeout();
        drainer.shutdownNow();
        awaitQuietly(drainer, timeout);
        producer.close(timeout); // unacknowledged sends fail now and are queued for the spool
        spooler.shutdown();
        awaitQuietly(spooler, timeout);
        spoolFailedSends();
        meters.remove(depthGauge);
        long left = spool.depth();
        spool.close();
        if (ownedRegistry != null) {
            ownedRegistry.close();
        }
        LOG.info("Gate client for device {} closed; {} scans wait in the spool", config.deviceId(), left);
    }

    private Counter counter(String outcome) {
        return Counter.builder(MetricNames.PRODUCED)
                .description("Scans produced by this process, by outcome")
                .tag("source", SOURCE_TAG)
                .tag("outcome", outcome)
                .register(meters);
    }

    private static void awaitQuietly(ExecutorService executor, Duration timeout) {
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Gate client thread did not stop within {} ms", timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Pending(ScanEvent event, CompletableFuture<Delivery> result) {}

    /** Builds a {@link GateClient}. Only {@link #config} is required. */
    public static final class Builder {
        private Map<String, ?> props;
        private MeterRegistry meters = Metrics.globalRegistry;
        private SchemaRegistryClient registry;
        private Clock clock = Clock.systemUTC();
        private Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory =
                props -> new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());

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

        /**
         * Validates the config, opens (and recovers) the spool and starts the drainer.
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
