package io.gatewatch.sinks.webhook;

import io.gatewatch.sinks.kafka.ConsumerLoops;
import io.gatewatch.sinks.kafka.ConsumerMetrics;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.serde.AvroDeserializer;
import io.gatewatch.sinks.alerts.AlertFilter;
import io.gatewatch.sinks.alerts.AlertJson;
import io.gatewatch.sinks.kafka.KafkaClientSettings;
import io.gatewatch.sinks.names.Names;
import io.gatewatch.sinks.names.NamesFollower;
import io.gatewatch.sinks.poison.Decoded;
import io.gatewatch.sinks.poison.Poison;
import io.gatewatch.sinks.poison.PoisonReason;
import io.gatewatch.sinks.retry.Pause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs every matching alert as JSON ({@link AlertJson}) to each configured URL, signed with
 * HMAC-SHA256 ({@link WebhookSigner}), with the alert id as idempotency key.
 *
 * <h2>Guarantees</h2>
 * At-least-once: an alert's offset is committed only after every URL has either accepted it or
 * ended in a visible failure (retries exhausted, or a non-retryable refusal), each counted in
 * {@value MetricNames#WEBHOOK_DELIVERIES}{@code {outcome}} and logged at ERROR with the record's coordinates. A crash or
 * a shutdown mid-delivery leaves the offset uncommitted, so the alert is sent again (same
 * idempotency key) after a restart. Alerts are delivered one at a time in partition order. A poison
 * record (undecodable, holding text that cannot be sent as it is, or failing to render) is not
 * delivered: logged at ERROR with its coordinates and reason, counted as {@code outcome="skipped"},
 * and passed.
 *
 * <p>The body names the alert's village and checkpoint ({@code villageName}, {@code checkpointName},
 * null when unknown) from {@code gatewatch.areas} and {@code gatewatch.devices}, followed by a
 * {@link NamesFollower}; the notifier waits up to {@link #NAMES_WAIT} for the names there at start-up.
 *
 * <p>Keep {@code webhook.retries} x ({@code webhook.timeout.ms} + backoff) x URLs x
 * {@code kafka.max.poll.records} (default here 10) below {@code kafka.max.poll.interval.ms}.
 */
public final class WebhookNotifier implements AutoCloseable {
    static final String SKIPPED = "skipped";
    /** Longest wait at start-up for the names already published. */
    public static final Duration NAMES_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final WebhookConfig config;
    private final List<URI> urls;
    private final AlertFilter filter;
    private final WebhookClient client;
    private final AvroDeserializer<ScreeningAlert> alerts;
    private final Consumer<byte[], byte[]> consumer;
    private final Names names = new Names();
    private final NamesFollower namesFollower;
    private final MeterRegistry meters;
    private final ConsumerMetrics consumerMetrics;
    private final Counter retries;
    private final Pause pause = new Pause();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile boolean failed;
    private Thread thread;

    public WebhookNotifier(WebhookConfig config, MeterRegistry meters) {
        this(config, meters, Clock.systemUTC());
    }

    WebhookNotifier(WebhookConfig config, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.urls = config.urls();
        this.filter = config.filter();
        this.meters = meters;
        this.client = new WebhookClient(new WebhookSigner(config.secret()), config.timeout(), config.backoff(), pause, clock);
        SchemaRegistryClient registry = SchemaRegistryClients.create(KafkaClientSettings.registryProperties(config));
        this.alerts = new AvroDeserializer<>(registry, ScreeningAlert.class);
        this.namesFollower = NamesFollower.of(config, registry, names);
        Map<String, Object> props = KafkaClientSettings.consumerProperties(config, Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        // Defaults a deployment may override with kafka.*: a new group notifies about new alerts only.
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(props);
        this.consumerMetrics = ConsumerMetrics.bind(consumer, meters);
        this.retries = Counter.builder(MetricNames.WEBHOOK_RETRIES).description("Webhook attempts retried").register(meters);
        Gauge.builder(MetricNames.WEBHOOK_FAILED, this, notifier -> notifier.failed ? 1 : 0)
                .description("1 once the webhook notifier stopped on an unexpected error").register(meters);
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            if (outcome != DeliveryOutcome.INTERRUPTED) {
                deliveries(outcome.tag());
            }
        }
        deliveries(SKIPPED);
    }

    /** Runs the notifier on its own thread; returns at once. */
    public synchronized WebhookNotifier start() {
        if (thread != null) {
            throw new IllegalStateException("notifier already started");
        }
        thread = new Thread(this::run, "gatewatch-webhook");
        running = true;
        thread.start();
        return this;
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Delivers until {@link #close()}. */
    public void run() {
        running = true;
        try {
            namesFollower.start();
            if (!namesFollower.awaitLoaded(NAMES_WAIT)) {
                LOG.warn("Names not all read within {}; alerts are sent with what is known (null names)", NAMES_WAIT);
            }
            consumer.subscribe(config.topics());
            LOG.info("Webhook notifier following {} for {} URL(s)", config.topics(), urls.size());
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(config.pollTimeout())) {
                    if (!handle(record)) {
                        return; // stopping mid-delivery: leave the offset uncommitted
                    }
                    commit(record);
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                fail(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            namesFollower.close();
            consumer.close();
            finished.countDown();
        }
    }

    private void commit(ConsumerRecord<byte[], byte[]> record) {
        try {
            consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1)));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // e.g. the partition moved in a rebalance: its new owner sends the alert again (same idempotency key)
            LOG.warn("Offset of {}-{}@{} not committed ({}); the alert may be delivered again", record.topic(),
                    record.partition(), record.offset(), e.toString());
        }
    }

    private void fail(Throwable e) {
        failed = true;
        LOG.error("Webhook notifier stopped on an unexpected error; alerts are no longer delivered", e);
    }

    /** True once the notifier stopped on an unexpected error (it no longer delivers). */
    public boolean isFailed() {
        return failed;
    }

    /** Delivers one record to every URL; false when a shutdown interrupted it. */
    private boolean handle(ConsumerRecord<byte[], byte[]> record) {
        Decoded<ScreeningAlert> decoded = Decoded.of(alerts, record.topic(), record.value());
        if (decoded.isPoison()) {
            return skip(record, decoded.poison());
        }
        ScreeningAlert alert = decoded.value();
        if (alert == null || !filter.test(alert)) {
            return true;
        }
        byte[] body;
        try {
            body = AlertJson.toJson(alert, record.topic(), names).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return skip(record, Poison.of(PoisonReason.MAPPING_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        for (URI url : urls) {
            DeliveryOutcome outcome = client.deliver(url, body, alert.getAlertId(), alert.getType().name(),
                    retry -> retries.increment());
            if (outcome == DeliveryOutcome.INTERRUPTED) {
                return false;
            }
            deliveries(outcome.tag()).increment();
            if (outcome != DeliveryOutcome.DELIVERED) {
                LOG.error("Alert at {}-{}@{} NOT delivered to {}: {}", record.topic(), record.partition(), record.offset(),
                        WebhookClient.redacted(url), outcome.tag());
            }
        }
        return true;
    }

    /** A poison record is not delivered: logged with its coordinates and reason, counted as skipped, passed. */
    private boolean skip(ConsumerRecord<byte[], byte[]> record, Poison poison) {
        LOG.error("Poison alert at {}-{}@{} not delivered ({}): {}", record.topic(), record.partition(), record.offset(),
                poison.reason().tag(), poison.message());
        deliveries(SKIPPED).increment();
        return true;
    }

    private Counter deliveries(String outcome) {
        return Counter.builder(MetricNames.WEBHOOK_DELIVERIES).description("Alert deliveries per URL").tag("outcome", outcome).register(meters);
    }

    @Override
    public void close() {
        stopping = true;
        pause.cancel();
        namesFollower.close(); // also ends a wait for the names at start-up
        ConsumerLoops.stop(consumer, finished, running);
        consumerMetrics.close();
    }
}
