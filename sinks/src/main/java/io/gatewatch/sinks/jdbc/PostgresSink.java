package io.gatewatch.sinks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.sinks.kafka.ConsumerLoops;
import io.gatewatch.sinks.kafka.ConsumerMetrics;
import io.gatewatch.sinks.kafka.KafkaClientSettings;
import io.gatewatch.sinks.retry.Backoff;
import io.gatewatch.sinks.retry.Pause;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the alert, count, rejected, late and device topics and writes them to PostgreSQL with
 * an exactly-once effect.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Rows and the consumer offsets they cover are committed in one database transaction
 *       ({@link BatchWriter}); the offsets in {@code sink_offsets} are the only ones trusted. On
 *       every partition assignment the sink seeks to them (to the beginning when none is stored);
 *       Kafka-committed offsets are written afterwards for lag monitoring only
 *       ({@code enable.auto.commit=false}). A crash at any point therefore resumes exactly after
 *       the last committed batch: no gap, no duplicate.</li>
 *   <li>Offsets advance by compare-and-set ({@link OffsetStore}), so instances of one consumer
 *       group never both apply a partition's records, even around a rebalance.</li>
 *   <li>Batches are bounded by {@code batch.max.records} and {@code batch.max.ms}.</li>
 *   <li>A database error is retried {@code db.retries} times with exponential backoff, each
 *       attempt counted in {@code gatewatch.sink.errors}; then the sink stops in
 *       {@link SinkState#FAILED}, {@code gatewatch.sink.failed} turns 1 and {@link #health()} says
 *       why. Nothing past the last committed batch is skipped: a restart resumes there.</li>
 *   <li>Poison records are set aside, never retried forever and never altered: a record that cannot
 *       be decoded, breaks its topic's contract or holds a value that cannot be stored as it is
 *       ({@link SinkRecordMapper}), or whose row the database refuses for its content
 *       ({@link BatchWriter} isolates it), becomes a {@code sink_dead_letter} row with its
 *       coordinates and reason in the same transaction as the offsets that pass it, counted in
 *       {@code gatewatch.sink.dead.lettered{reason}}; the sink goes on. Only failures that are the
 *       database's (connection, serialization, resources, timeouts…) are retried and end in
 *       {@link SinkState#FAILED}.</li>
 * </ul>
 *
 * <p>One instance runs one consumer on one thread ({@link #start()}); scale out by running more
 * instances with the same {@code group.id}, in this process or others.
 */
public final class PostgresSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSink.class);

    private final SinkConfig config;
    private final HikariDataSource dataSource;
    private final SinkRecordMapper mapper;
    private final BatchWriter writer;
    private final SinkMetrics metrics;
    private final FaultHook faultHook;
    private final Backoff backoff;
    private final Consumer<byte[], byte[]> consumer;
    private final Batch batch = new Batch();
    /** Owned partitions and the stored offset the next commit must find (null: no row yet). */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Pause pause = new Pause();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong batchesCommitted = new AtomicLong();

    private volatile boolean stopping;
    /** Set while the consumer closes: its final revocation must not seek. */
    private boolean consumerClosing;
    private volatile SinkState state = SinkState.STARTING;
    private volatile String lastError;
    private volatile Instant lastCommitAt;
    private volatile int assignedPartitions;
    private final ConsumerMetrics consumerMetrics;
    private Thread thread;

    public PostgresSink(SinkConfig config, MeterRegistry meters) {
        this(config, meters, FaultHook.NONE);
    }

    /** With a fault hook, for tests that crash the sink at a {@link FaultPoint}. */
    public PostgresSink(SinkConfig config, MeterRegistry meters, FaultHook faultHook) {
        this.config = config;
        this.faultHook = faultHook;
        this.backoff = config.backoff();
        this.metrics = new SinkMetrics(meters);
        SchemaRegistryClient registry = SchemaRegistryClients.create(KafkaClientSettings.registryProperties(config));
        this.mapper = new SinkRecordMapper(registry);
        this.dataSource = SinkDataSources.create(config, "gatewatch-sink-" + config.groupId());
        this.writer = new BatchWriter(dataSource, config.groupId(), config.rejectedDetailMaxRows(), faultHook);
        try {
            this.consumer = new KafkaConsumer<>(KafkaClientSettings.consumerProperties(config, Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchMaxRecords())));
            this.consumerMetrics = ConsumerMetrics.bind(consumer, meters);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Runs the sink on its own thread; returns at once. */
    public synchronized PostgresSink start() {
        if (thread != null) {
            throw new IllegalStateException("sink already started");
        }
        thread = new Thread(this::run, "gatewatch-sink-" + config.groupId());
        thread.start();
        return this;
    }

    /** The current health: state, last error, last commit time. */
    public SinkHealth health() {
        return new SinkHealth(state, lastError, lastCommitAt, assignedPartitions, batchesCommitted.get());
    }

    /** Waits until the sink's thread has ended (failed or stopped). */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops consuming, writes the pending batch if the database allows it at once (no retries),
     * and releases the consumer and the pool.
     */
    @Override
    public void close() {
        stopping = true;
        pause.cancel();
        Thread running;
        synchronized (this) {
            running = thread;
        }
        ConsumerLoops.stop(consumer, finished, running != null);
        consumerMetrics.close();
        metrics.failed(false);
        dataSource.close();
    }

    private void run() {
        try {
            if (config.migrate()) {
                migrate();
            }
            consumer.subscribe(config.topics(), new Rebalance());
            state = SinkState.RUNNING;
            LOG.info("Sink (group {}) consuming {}", config.groupId(), config.topics());
            consumeUntilStopped();
            if (!batch.isEmpty()) {
                flush();
            }
            state = SinkState.STOPPED;
        } catch (SinkFailedException e) {
            if (stopping) {
                state = SinkState.STOPPED; // a close() cut the retries short: not a failure
            } else {
                fail(e.getMessage(), null);
            }
        } catch (KafkaException e) {
            // Rebalance listener failures arrive wrapped by the consumer.
            fail(e.getCause() instanceof SinkFailedException f ? f.getMessage() : e.toString(),
                    e.getCause() instanceof SinkFailedException ? null : e);
        } catch (RuntimeException | Error e) {
            fail(e.toString(), e);
        } finally {
            closeConsumer();
            finished.countDown();
        }
    }

    private void consumeUntilStopped() {
        while (!stopping) {
            Duration timeout = batch.isEmpty() ? config.pollTimeout()
                    : min(config.pollTimeout(), batch.timeUntilDue(System.nanoTime(), config.batchMaxAge()));
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(timeout);
            } catch (WakeupException e) {
                if (stopping) {
                    return;
                }
                throw e;
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Long stored = committed.get(new TopicPartition(record.topic(), record.partition()));
                if (stored != null && record.offset() < stored) {
                    // Already in the database: a position from anywhere but sink_offsets must not replay it.
                    LOG.debug("Skipping {}-{}@{}: below the stored offset {}", record.topic(), record.partition(),
                            record.offset(), stored);
                    continue;
                }
                batch.add(mapper.map(record), System.nanoTime());
                if (batch.isFull(config.batchMaxRecords()) && !flush()) {
                    break; // the batch was discarded and positions reset; the rest of this poll is stale
                }
            }
            if (batch.isDue(System.nanoTime(), config.batchMaxAge())) {
                flush();
            }
        }
    }

    /**
     * Writes the batch with bounded retries. Returns false when the batch was discarded instead
     * (fenced by another instance, or stopping mid-retry); positions are then reset to the stored
     * offsets (or left for the closing consumer).
     */
    private boolean flush() {
        Map<TopicPartition, Long> next = batch.nextOffsets();
        Map<TopicPartition, Long> expected = new HashMap<>();
        next.keySet().forEach(tp -> expected.put(tp, committed.get(tp)));
        int records = batch.size();
        Map<SinkTable, Integer> rows = new EnumMap<>(SinkTable.class);
        rows.putAll(batch.rowsPerTable());
        for (int retry = 0; ; retry++) {
            long started = System.nanoTime();
            try {
                List<DeadLetterRow> isolated = writer.write(batch, expected);
                if (!isolated.isEmpty()) {
                    rows.merge(SinkTable.SINK_DEAD_LETTER, isolated.size(), Integer::sum);
                }
                metrics.batchCommitted(records, rows, Duration.ofNanos(System.nanoTime() - started));
                deadLettered(batch.deadLetters());
                deadLettered(isolated);
                break;
            } catch (OffsetFencedException e) {
                LOG.warn("Batch of {} records not written: {}; re-reading stored offsets", records, e.getMessage());
                batch.clear();
                seekToStored(List.copyOf(committed.keySet()));
                return false;
            } catch (BatchWriteException e) {
                if (!retryAfter(e, retry + 1, "batch of " + records + " records")) {
                    batch.clear();
                    return false;
                }
            }
        }
        committed.putAll(next);
        batch.clear();
        batchesCommitted.incrementAndGet();
        lastCommitAt = Instant.now();
        state = SinkState.RUNNING;
        faultHook.reached(FaultPoint.AFTER_DB_COMMIT_BEFORE_KAFKA_COMMIT, next);
        commitToKafka(next);
        return true;
    }

    /** Counts committed dead letters and names each one's coordinates and reason (never its content). */
    private void deadLettered(List<DeadLetterRow> deadLetters) {
        metrics.deadLettered(deadLetters);
        for (DeadLetterRow d : deadLetters) {
            LOG.warn("Poison record {} set aside in sink_dead_letter ({}): {}", d.source(), d.reason().tag(), d.error());
        }
    }

    /**
     * Counts a failed database attempt and waits before retry {@code retry}; throws
     * {@link SinkFailedException} when the budget is spent. False when stopping cut the wait short.
     */
    private boolean retryAfter(BatchWriteException e, int retry, String what) {
        metrics.error(e.table());
        lastError = e.getMessage();
        if (!backoff.allowsRetry(retry)) {
            throw new SinkFailedException("Giving up on " + what + " after " + (retry - 1) + " retries: " + e.getMessage(), e);
        }
        state = SinkState.RETRYING;
        Duration delay = backoff.delayBeforeRetry(retry);
        LOG.warn("Database write failed ({}); retry {}/{} of {} in {} ms", e.getMessage(), retry, backoff.maxRetries(), what,
                delay.toMillis());
        return pause.pause(delay);
    }

    /** Seeks each partition to its stored offset, or to the beginning when none is stored. */
    private void seekToStored(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = readOffsets(partitions);
        for (TopicPartition tp : partitions) {
            Long offset = stored.get(tp);
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
            committed.put(tp, offset);
        }
        LOG.info("Positions from sink_offsets: {}", stored.isEmpty() ? "none stored, from the beginning" : stored);
        // A crash between the database commit and the informational Kafka commit leaves Kafka's offsets
        // behind; a partition that receives nothing new would show that phantom lag for good.
        if (!stored.isEmpty()) {
            commitToKafka(stored);
        }
    }

    private Map<TopicPartition, Long> readOffsets(Collection<TopicPartition> partitions) {
        for (int retry = 0; ; retry++) {
            try {
                return writer.readOffsets(partitions);
            } catch (BatchWriteException e) {
                if (!retryAfter(e, retry + 1, "reading stored offsets")) {
                    throw new SinkFailedException("Stopped while reading stored offsets", e);
                }
            }
        }
    }

    private void migrate() {
        for (int retry = 0; ; retry++) {
            try {
                SinkSchema.migrate(dataSource);
                return;
            } catch (RuntimeException e) {
                java.sql.SQLException cause = new java.sql.SQLException(e.getMessage(), e);
                if (!retryAfter(new BatchWriteException(BatchWriteException.SCHEMA, cause), retry + 1, "the schema migration")) {
                    throw new SinkFailedException("Stopped during the schema migration", e);
                }
            }
        }
    }

    private void commitToKafka(Map<TopicPartition, Long> next) {
        // Informational only (lag dashboards): correctness rests on sink_offsets.
        Map<TopicPartition, OffsetAndMetadata> offsets = next.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        try {
            consumer.commitAsync(offsets, (committedOffsets, error) -> {
                if (error != null) {
                    LOG.debug("Informational Kafka commit failed: {}", error.toString());
                }
            });
        } catch (KafkaException e) {
            LOG.debug("Informational Kafka commit failed: {}", e.toString());
        }
    }

    private void fail(String reason, Throwable error) {
        lastError = reason;
        state = SinkState.FAILED;
        metrics.failed(true);
        if (error == null) {
            LOG.error("Sink (group {}) FAILED and stopped: {}", config.groupId(), reason);
        } else {
            LOG.error("Sink (group {}) FAILED and stopped", config.groupId(), error);
        }
    }

    private void closeConsumer() {
        consumerClosing = true;
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.warn("Consumer did not close cleanly: {}", e.toString());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Positions come from the database on every assignment; a revocation drops uncommitted work. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            seekToStored(partitions);
            assignedPartitions = committed.size();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        private void drop(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            partitions.forEach(committed::remove);
            assignedPartitions = committed.size();
            if (!batch.isEmpty()) {
                // The batch may hold records of the partitions just lost: their new owner reads them
                // again from sink_offsets. Partitions kept rewind to their stored offsets.
                batch.clear();
                if (!consumerClosing) {
                    committed.forEach((tp, offset) -> {
                        if (offset == null) {
                            consumer.seekToBeginning(List.of(tp));
                        } else {
                            consumer.seek(tp, offset);
                        }
                    });
                }
            }
        }
    }

    /** The sink gave up: retries exhausted, or stopped while it could not reach the database. */
    private static final class SinkFailedException extends RuntimeException {
        SinkFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
