package io.gatewatch.sinks.subscriber;

import io.gatewatch.sinks.kafka.ConsumerLoops;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.serde.AvroDeserializer;
import io.gatewatch.sinks.alerts.AlertFilter;
import io.gatewatch.sinks.alerts.AlertFormatter;
import io.gatewatch.sinks.kafka.KafkaClientSettings;
import io.gatewatch.sinks.names.Names;
import io.gatewatch.sinks.names.NamesFollower;
import io.gatewatch.sinks.poison.Decoded;
import io.gatewatch.sinks.poison.Poison;
import io.gatewatch.sinks.poison.PoisonReason;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the alert topics live for a health authority and prints each alert that passes the
 * filter (area-code prefix, type, minimum severity) as a readable line or a JSON line.
 *
 * <p>It is a viewer, in its own consumer group with automatic offset commits: a restart resumes
 * about where it stopped (at-least-once; a line may repeat after a crash). A poison record (one
 * that cannot be decoded, holds text that cannot be shown as it is ({@code StorableValues}), or
 * fails to format) is logged with its coordinates and reason, counted in {@link #skipped()} and
 * skipped; the output carries only alerts. If the
 * output closes (a broken pipe), the subscriber stops.
 *
 * <p>Lines name villages and checkpoints ({@code 东村 (330127101201)}) from {@code gatewatch.areas}
 * and {@code gatewatch.devices}, followed by a {@link NamesFollower}; the subscriber waits up to
 * {@link #NAMES_WAIT} for the names there at start-up, and a place without a name shows its code.
 */
final class AlertSubscriber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertSubscriber.class);

    /** Longest wait at start-up for the names already published. */
    public static final Duration NAMES_WAIT = Duration.ofSeconds(30);

    private final SubscriberConfig config;
    private final PrintStream out;
    private final AlertFilter filter;
    private final AlertFormatter formatter;
    private final AvroDeserializer<ScreeningAlert> alerts;
    private final Consumer<byte[], byte[]> consumer;
    private final NamesFollower names;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong printed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean running;

    public AlertSubscriber(SubscriberConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
        this.filter = config.filter();
        SchemaRegistryClient registry = SchemaRegistryClients.create(KafkaClientSettings.registryProperties(config));
        Names known = new Names();
        this.names = NamesFollower.of(config, registry, known);
        this.formatter = new AlertFormatter(config.zone(), known);
        this.alerts = new AvroDeserializer<>(registry, ScreeningAlert.class);
        this.consumer = new KafkaConsumer<>(KafkaClientSettings.consumerProperties(config, Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.fromBeginning() ? "earliest" : "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true)));
    }

    /** Prints matching alerts until {@link #close()} is called or the output breaks. */
    public void run() {
        running = true;
        try {
            names.start();
            if (!names.awaitLoaded(NAMES_WAIT)) {
                LOG.warn("Names not all read within {}; places without one show their codes", NAMES_WAIT);
            }
            consumer.subscribe(config.topics(), new Rewind());
            LOG.info("Following {} as group {} (filter {})", config.topics(), config.getString(KafkaClientSettings.GROUP_ID),
                    filter);
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(config.pollTimeout())) {
                    print(record);
                    consumed.incrementAndGet();
                }
                if (out.checkError()) {
                    LOG.warn("Output closed; stopping");
                    return;
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            names.close();
            consumer.close();
            finished.countDown();
        }
    }

    private void print(ConsumerRecord<byte[], byte[]> record) {
        Decoded<ScreeningAlert> decoded = Decoded.of(alerts, record.topic(), record.value());
        if (decoded.isPoison()) {
            skip(record, decoded.poison());
            return;
        }
        ScreeningAlert alert = decoded.value();
        if (alert == null || !filter.test(alert)) {
            return;
        }
        String line;
        try {
            line = config.format() == SubscriberConfig.Format.JSON
                    ? formatter.jsonLine(alert, record.topic())
                    : formatter.humanLine(alert);
        } catch (RuntimeException e) {
            skip(record, Poison.of(PoisonReason.MAPPING_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
            return;
        }
        out.println(line);
        out.flush();
        printed.incrementAndGet();
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, Poison poison) {
        skipped.incrementAndGet();
        LOG.warn("Skipping poison alert at {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(),
                poison.reason().tag(), poison.message());
    }

    /** Alerts printed so far. */
    public long printed() {
        return printed.get();
    }

    /** Records read, printed or not. */
    public long consumed() {
        return consumed.get();
    }

    /** Poison records skipped: undecodable, holding text that cannot be shown as it is, or failing to format. */
    public long skipped() {
        return skipped.get();
    }

    /** Stops following; waits for {@link #run()} to return when it is running on another thread. */
    @Override
    public void close() {
        stopping = true;
        names.close(); // also ends a wait for the names at start-up
        ConsumerLoops.stop(consumer, finished, running);
    }

    /** With {@code from.beginning}, each partition is rewound once, the first time this instance gets it. */
    private final class Rewind implements ConsumerRebalanceListener {
        private final Set<TopicPartition> rewound = new HashSet<>();

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!config.fromBeginning()) {
                return;
            }
            Set<TopicPartition> fresh = new HashSet<>(partitions);
            fresh.removeAll(rewound);
            consumer.seekToBeginning(fresh);
            rewound.addAll(fresh);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing buffered: auto-commit covers what was printed
        }
    }
}
