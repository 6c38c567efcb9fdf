package io.gatewatch.producers.mqtt;

import io.gatewatch.producers.json.Conversion;
import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.producers.json.IngestMetrics;
import io.gatewatch.producers.json.IngestMetrics.Outcome;
import io.gatewatch.schema.RejectReason;
import io.gatewatch.producers.json.ScanPayloadConverter;
import io.gatewatch.producers.json.ScanPublisher;
import io.gatewatch.schema.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges gate devices that speak MQTT to Kafka: subscribes to the configured topic filters at
 * QoS 1, validates each JSON payload ({@link ScanPayloadConverter}), produces valid scans to
 * {@code gatewatch.scans} (key deviceId, Avro) and invalid ones to {@code gatewatch.scans.rejected}
 * (original bytes, identities redacted, headers naming the MQTT topic, reason code and message).
 *
 * <p><b>Delivery guarantee: at least once, end to end.</b> Acknowledgements are manual: a message
 * is acknowledged to the MQTT broker only after Kafka acknowledged its record (idempotent producer,
 * {@code acks=all}), in arrival order ({@link AckSequencer}). If Kafka is down the bridge keeps
 * retrying and acknowledges nothing; if the bridge stops or loses its connection first, the broker
 * still holds the message (persistent session, stable client id) and redelivers it. Duplicates
 * that this can create carry the same {@code eventId}, which the screening topology de-duplicates.
 *
 * <p><b>Back-pressure</b>: at most {@code mqtt.max.inflight.messages} messages are held waiting for
 * Kafka; beyond that the callback blocks, so the client stops reading and the broker queues.
 *
 * <p><b>Reconnects</b>: Paho's automatic reconnect with exponential back-off (up to
 * {@code mqtt.reconnect.max.delay.ms}); subscriptions are renewed on every connect. A first
 * connect that fails is retried the same way.
 *
 * <p>Payloads are never logged (they may hold a raw {@code personId}); logs name the MQTT topic.
 */
public final class MqttBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
    static final String CHANNEL = "mqtt";
    private static final int SUBSCRIBE_QOS = 1;
    private static final long FIRST_CONNECT_BACKOFF_MS = 1_000;

    private final MqttBridgeConfig config;
    private final ScanPublisher publisher;
    private final boolean ownsPublisher;
    private final ScanPayloadConverter converter;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final AckSequencer sequencer;
    private final Semaphore inFlight;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closing;
    private volatile boolean kafkaFailing;
    private volatile boolean subscribed;

    /**
     * A bridge writing through {@code publisher} (which the caller owns and closes) and converting
     * with {@code converter}. Call {@link #start()}.
     */
    public MqttBridge(MqttBridgeConfig config, ScanPublisher publisher, ScanPayloadConverter converter, MeterRegistry meters) {
        this(config, publisher, false, converter, meters, Clock.systemUTC());
    }

    private MqttBridge(MqttBridgeConfig config, ScanPublisher publisher, boolean ownsPublisher, ScanPayloadConverter converter,
                       MeterRegistry meters, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.ownsPublisher = ownsPublisher;
        this.converter = Objects.requireNonNull(converter, "converter");
        this.metrics = new IngestMetrics(meters, CHANNEL);
        this.clock = clock;
        this.inFlight = new Semaphore(config.maxInflightMessages());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mqtt-bridge-retry");
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.client = new MqttAsyncClient(config.serverUris().get(0), config.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("Cannot create MQTT client for " + config.serverUris().get(0), e);
        }
        this.sequencer = new AckSequencer(this::acknowledge);
        Gauge.builder(MetricNames.MQTT_UNACKED_OLDEST_AGE, this, bridge -> bridge.oldestUnacknowledgedMs() / 1000.0)
                .description("Seconds the oldest MQTT message received has waited for its acknowledgement (0: none waits)")
                .register(meters);
        this.options = connectOptions(config);
        client.setManualAcks(true);
        client.setCallback(new Callback());
    }

    /** Creates a bridge with its own Kafka producer and registry client, and starts it. */
    public static MqttBridge start(MqttBridgeConfig config, MeterRegistry meters) {
        ScanPublisher publisher = IngestCommonConfig.publisher(config);
        MqttBridge bridge = new MqttBridge(config, publisher, true,
                new ScanPayloadConverter(IngestCommonConfig.pseudonymizer(config), IngestCommonConfig.plateTokens(config)), meters, Clock.systemUTC());
        bridge.start();
        return bridge;
    }

    private static MqttConnectOptions connectOptions(MqttBridgeConfig config) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setServerURIs(config.serverUris().toArray(String[]::new));
        options.setCleanSession(config.cleanSession());
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(config.reconnectMaxDelayMs());
        options.setKeepAliveInterval(config.keepAliveSeconds());
        options.setConnectionTimeout(config.connectTimeoutSeconds());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (config.username() != null) {
            options.setUserName(config.username());
        }
        if (config.password() != null) {
            options.setPassword(config.password().value().toCharArray());
        }
        return options;
    }

    /** Connects (asynchronously; a failed first attempt is retried) and subscribes on every connect. */
    public void start() {
        LOG.info("MQTT bridge '{}' connecting to {} for {}", config.clientId(), config.serverUris(), config.topicFilters());
        connect();
    }

    private void connect() {
        if (closing) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // subscriptions are made in connectComplete, which Paho calls for this connect too
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    LOG.warn("MQTT connect to {} failed ({}); retrying in {} ms", config.serverUris(), exception.toString(),
                            FIRST_CONNECT_BACKOFF_MS);
                    schedule(MqttBridge.this::connect, FIRST_CONNECT_BACKOFF_MS);
                }
            });
        } catch (MqttException e) {
            LOG.warn("MQTT connect to {} could not start ({}); retrying in {} ms", config.serverUris(), e.toString(),
                    FIRST_CONNECT_BACKOFF_MS);
            schedule(this::connect, FIRST_CONNECT_BACKOFF_MS);
        }
    }

    private void subscribe() {
        String[] filters = config.topicFilters().toArray(String[]::new);
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, SUBSCRIBE_QOS);
        try {
            client.subscribe(filters, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscribed = true;
                    LOG.info("MQTT bridge subscribed to {} at QoS {}", config.topicFilters(), SUBSCRIBE_QOS);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    LOG.error("MQTT subscribe to {} failed ({}); retrying", config.topicFilters(), exception.toString());
                    schedule(MqttBridge.this::subscribe, FIRST_CONNECT_BACKOFF_MS);
                }
            });
        } catch (MqttException e) {
            LOG.warn("MQTT subscribe to {} could not start ({}); will retry on reconnect", config.topicFilters(), e.toString());
        }
    }

    /** True while connected to the MQTT broker. */
    public boolean isConnected() {
        return client.isConnected();
    }

    /**
     * True while connected and subscribed, and no message has waited for its acknowledgement longer
     * than {@code mqtt.unacked.max.age.ms}: messages published now reach the bridge and move on.
     */
    public boolean isReady() {
        return subscribed && client.isConnected() && oldestUnacknowledgedMs() <= config.unackedMaxAgeMs();
    }

    /** How long the oldest message received on this connection has waited for its acknowledgement (0: none). */
    public long oldestUnacknowledgedMs() {
        return TimeUnit.NANOSECONDS.toMillis(sequencer.oldestUnacknowledgedNanos());
    }

    /** Messages received and not yet on Kafka (including those being retried). */
    public int inFlightMessages() {
        return config.maxInflightMessages() - inFlight.availablePermits();
    }

    private void handle(String topic, MqttMessage message) {
        if (closing) {
            return; // not acknowledged: the broker redelivers it to the next session
        }
        if (!acquirePermit()) {
            return; // connection going away or closing: the broker redelivers it
        }
        Optional<AckSequencer.Ticket> admitted = sequencer.admit(message.getId(), message.getQos(), message.isDuplicate());
        if (admitted.isEmpty()) {
            inFlight.release();
            LOG.debug("Redelivery of MQTT message {} on {} already in hand or done", message.getId(), topic);
            return;
        }
        AckSequencer.Ticket ticket = admitted.get();
        Instant receivedAt = clock.instant();
        byte[] payload = message.getPayload();
        Message msg = new Message(ticket, topic, payload, receivedAt);
        try {
            route(msg);
        } catch (RuntimeException e) {
            // a failure caused by this message's content: it must not hold its place in the ack order
            LOG.warn("Could not convert an MQTT message on {} ({}); routing it to the rejected topic", topic, e.getClass().getName());
            reject(msg, RejectReason.INVALID_FIELD, "field '$': could not be converted (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One admitted message; whatever happens to it, its ticket is completed or its session ends. */
    private record Message(AckSequencer.Ticket ticket, String topic, byte[] payload, Instant receivedAt) {}

    private void route(Message msg) {
        if (msg.payload().length > config.maxPayloadBytes()) {
            reject(msg, RejectReason.PAYLOAD_TOO_LARGE, "payload of " + msg.payload().length + " bytes exceeds "
                    + MqttBridgeConfig.MAX_PAYLOAD_BYTES + "=" + config.maxPayloadBytes());
            return;
        }
        Conversion conversion = converter.convert(msg.payload());
        if (conversion instanceof Conversion.Accepted accepted) {
            attempt(msg, Outcome.ACCEPTED, () -> publisher.publish(accepted.event()), true);
        } else {
            Conversion.Rejected rejected = (Conversion.Rejected) conversion;
            LOG.debug("Rejecting MQTT message on {}: {}", msg.topic(), rejected.message());
            reject(msg, rejected.reason(), rejected.message());
        }
    }

    private void reject(Message msg, RejectReason reason, String why) {
        byte[] topicKey = msg.topic().getBytes(StandardCharsets.UTF_8);
        attempt(msg, Outcome.INVALID, () -> publisher.reject(topicKey, msg.payload(), msg.topic(), CHANNEL, reason, why,
                msg.receivedAt()), false);
    }

    /** Waits for room, giving up when the connection or the bridge is going away (Paho waits for this thread). */
    private boolean acquirePermit() {
        try {
            while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (closing || !client.isConnected()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code work} (a produce) until Kafka takes it. A transient failure (broker or registry
     * unreachable) is retried, the message held unacknowledged; a failure caused by the record
     * itself ({@link ContentFailures}) would fail forever and stall every later acknowledgement, so
     * a scan that fails that way is rejected instead, and a rejection that fails that way is
     * written without its payload.
     */
    private void attempt(Message msg, Outcome outcome, Supplier<CompletableFuture<?>> work, boolean scan) {
        CompletableFuture<?> future;
        try {
            future = work.get();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((ignored, failure) -> {
            if (failure == null) {
                if (kafkaFailing) {
                    kafkaFailing = false;
                    LOG.info("Kafka accepts records again");
                }
                inFlight.release();
                metrics.count(outcome);
                sequencer.complete(msg.ticket());
                return;
            }
            if (ContentFailures.isCausedByContent(failure)) {
                onContentFailure(msg, failure, scan);
                return;
            }
            metrics.count(Outcome.FAILED);
            if (!kafkaFailing) {
                kafkaFailing = true;
                LOG.warn("Kafka did not take a message from MQTT topic {} ({}); holding it unacknowledged and retrying every {} ms",
                        msg.topic(), failure.toString(), config.kafkaRetryBackoffMs());
            }
            if (closing || (!config.cleanSession() && !sequencer.isCurrent(msg.ticket()))) {
                // not acknowledged: the broker holds it for the (next) session and redelivers it
                inFlight.release();
                return;
            }
            if (!schedule(() -> attempt(msg, outcome, work, scan), config.kafkaRetryBackoffMs())) {
                inFlight.release();
            }
        });
    }

    private void onContentFailure(Message msg, Throwable failure, boolean scan) {
        String cause = ContentFailures.rootName(failure);
        if (scan) {
            LOG.warn("Kafka refused a scan from MQTT topic {} for its content ({}); routing it to the rejected topic", msg.topic(), cause);
            RejectReason reason = ContentFailures.isTooLarge(failure) ? RejectReason.PAYLOAD_TOO_LARGE : RejectReason.INVALID_FIELD;
            reject(msg, reason, "field '$': refused by Kafka (" + cause + ")");
            return;
        }
        LOG.warn("Kafka refused a rejected record from MQTT topic {} ({}); writing it without its payload", msg.topic(), cause);
        byte[] topicKey = msg.topic().getBytes(StandardCharsets.UTF_8);
        attempt(new Message(msg.ticket(), msg.topic(), null, msg.receivedAt()), Outcome.INVALID,
                () -> publisher.reject(topicKey, null, msg.topic(), CHANNEL, RejectReason.PAYLOAD_TOO_LARGE,
                        "field '$': refused by Kafka (" + cause + "); payload of " + (msg.payload() == null ? 0 : msg.payload().length)
                                + " bytes not kept", msg.receivedAt()), false);
    }

    private boolean schedule(Runnable task, long delayMs) {
        if (closing) {
            return false;
        }
        try {
            scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void acknowledge(int messageId, int qos) {
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException | RuntimeException e) {
            // the broker did not get the ack, so it redelivers: a duplicate, never a loss
            LOG.debug("Could not acknowledge MQTT message {} ({})", messageId, e.toString());
        }
    }

    /**
     * Stops taking messages, waits up to {@code mqtt.close.timeout.ms} for those in flight to reach
     * Kafka and be acknowledged, then disconnects. Whatever is still unacknowledged stays with the
     * broker for the next session.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        long timeoutMs = config.closeTimeoutMs();
        try {
            if (inFlight.tryAcquire(config.maxInflightMessages(), timeoutMs, TimeUnit.MILLISECONDS)) {
                inFlight.release(config.maxInflightMessages());
            } else {
                LOG.warn("Closing MQTT bridge with {} messages not yet on Kafka; the broker keeps them for the next session",
                        inFlightMessages());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(Math.max(1_000, timeoutMs));
            }
        } catch (MqttException e) {
            LOG.debug("Clean MQTT disconnect failed ({}); forcing", e.toString());
            try {
                client.disconnectForcibly(0, 1_000);
            } catch (MqttException ignored) {
                // the socket goes with close() below
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT client close failed ({})", e.toString());
        }
        if (ownsPublisher) {
            publisher.close(Duration.ZERO);
        }
        LOG.info("MQTT bridge '{}' closed", config.clientId());
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            LOG.info("MQTT bridge {} to {}", reconnect ? "reconnected" : "connected", serverUri);
            subscribe();
        }

        @Override
        public void connectionLost(Throwable cause) {
            subscribed = false;
            sequencer.newEpoch();
            LOG.warn("MQTT connection lost ({}); reconnecting", cause == null ? "no cause" : cause.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                handle(topic, message);
            } catch (RuntimeException e) {
                // never let Paho see an exception: it would drop the connection. Unacked -> redelivered.
                LOG.error("Failed to handle an MQTT message on {}; it stays unacknowledged", topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the bridge publishes nothing to MQTT
        }
    }
}
