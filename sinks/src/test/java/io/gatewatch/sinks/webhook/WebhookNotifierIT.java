package io.gatewatch.sinks.webhook;

import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.testing.PlaceNames;
import io.gatewatch.sinks.testing.WireRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier against a real broker and a real local HTTP receiver (JDK HttpServer) that fails
 * its first requests. Each test follows its own alert topic with its own group.
 */
class WebhookNotifierIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String SECRET = "county-110101-shared-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final WireRecords WIRE = new WireRecords();

    private HttpServer server;
    private WebhookNotifier notifier;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    record Received(Headers headers, byte[] body) {}

    @BeforeAll
    static void topics() throws Exception {
        Topics.ALERT_TOPICS.forEach(topic -> KAFKA.createTopic(topic, 1));
        KAFKA.createTopic(Topics.AREAS, 1);
        KAFKA.createTopic(Topics.DEVICES, 1);
        PlaceNames.of(Map.of("110101001001", "东村"), Map.of("CP-EAST", "东村卡口")).publish(KAFKA.bootstrapServers(), WIRE);
    }

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldRetryUntilTheReceiverAcceptsSigningEveryAttemptAlike() throws Exception {
        receiverFailingFirst(2, 503);
        ScreeningAlert alert = anAlert().forEvent("w1").build();
        produce(Topics.ALERTS_FEVER, alert);

        notifier = start(Topics.ALERTS_FEVER, "g-retry", 3, Map.of());

        await().atMost(WAIT).until(() -> committed("g-retry", Topics.ALERTS_FEVER) == 1);
        assertThat(received).hasSize(3);
        for (Received attempt : received) {
            assertThat(attempt.headers().getFirst("X-GateWatch-Signature")).isEqualTo("sha256=" + hmacHex(attempt.body()));
            assertThat(attempt.headers().getFirst("Idempotency-Key")).isEqualTo("w1/FEVER");
            assertThat(attempt.headers().getFirst("X-GateWatch-Timestamp")).matches("\\d{10}");
            assertThat(attempt.headers().getFirst("Content-Type")).startsWith("application/json");
            assertThat(attempt.body()).isEqualTo(received.get(0).body());
        }
        assertThat(new ObjectMapper().readTree(received.get(0).body()).get("alertId").asText()).isEqualTo("w1/FEVER");
        assertThat(deliveries("delivered")).isEqualTo(1);
        assertThat(meters.get(MetricNames.WEBHOOK_RETRIES).counter().count()).isEqualTo(2);
    }

    @Test
    void shouldNameTheVillageAndCheckpointBesideTheirCodesInTheSignedBody() throws Exception {
        // Given village 110101001001 and checkpoint CP-EAST named on gatewatch.areas and gatewatch.devices, CP-WEST not
        receiverFailingFirst(0, 503);
        String topic = "names-test.alerts";
        KAFKA.createTopic(topic, 1);
        produce(topic, anAlert().forEvent("n1").inVillage("110101001001").atCheckpoint("CP-EAST").build());
        produce(topic, anAlert().forEvent("n2").inVillage("110101009009").atCheckpoint("CP-WEST").build());

        // When
        notifier = start(topic, "g-names", 0, Map.of());

        // Then each body names what is known, null beside the rest, and is signed as sent
        await().atMost(WAIT).until(() -> committed("g-names", topic) == 2);
        ObjectMapper json = new ObjectMapper();
        assertThat(received).extracting(r -> json.readTree(r.body())).satisfiesExactly(
                named -> assertThat(List.of(named.get("villageCode").asText(), named.get("villageName").asText(),
                        named.get("checkpointId").asText(), named.get("checkpointName").asText()))
                        .containsExactly("110101001001", "东村", "CP-EAST", "东村卡口"),
                unnamed -> assertThat(List.of(unnamed.get("villageName").isNull(), unnamed.get("checkpointName").isNull()))
                        .containsExactly(true, true));
        assertThat(received).allSatisfy(r ->
                assertThat(r.headers().getFirst("X-GateWatch-Signature")).isEqualTo("sha256=" + hmacHex(r.body())));
    }

    @Test
    void shouldCountAFailureVisiblyAndMoveOnOnceRetriesAreExhausted() throws Exception {
        receiverFailingFirst(Integer.MAX_VALUE, 500);
        produce(Topics.ALERTS_HEALTHCODE, anAlert().forEvent("w2").build());
        produce(Topics.ALERTS_HEALTHCODE, anAlert().forEvent("w3").build());

        notifier = start(Topics.ALERTS_HEALTHCODE, "g-exhausted", 2, Map.of());

        await().atMost(WAIT).until(() -> committed("g-exhausted", Topics.ALERTS_HEALTHCODE) == 2);
        assertThat(received).hasSize(6); // first attempt and two retries, for each alert
        assertThat(deliveries("failed")).isEqualTo(2);
        assertThat(deliveries("delivered")).isZero();
    }

    @Test
    void shouldNotRetryARefusal() throws Exception {
        receiverFailingFirst(1, 400);
        produce(Topics.ALERTS_ESCALATION, anAlert().forEvent("w4").build());

        notifier = start(Topics.ALERTS_ESCALATION, "g-refused", 3, Map.of());

        await().atMost(WAIT).until(() -> committed("g-refused", Topics.ALERTS_ESCALATION) == 1);
        assertThat(received).hasSize(1);
        assertThat(deliveries("rejected")).isEqualTo(1);
    }

    @Test
    void shouldPostOnlyAlertsThatPassTheFilter() throws Exception {
        receiverFailingFirst(0, 503);
        produce(Topics.FAULTS_DEVICE, anAlert().forEvent("w5").withSeverity(Severity.MEDIUM).build());
        produce(Topics.FAULTS_DEVICE, anAlert().forEvent("w6").withSeverity(Severity.CRITICAL).build());

        notifier = start(Topics.FAULTS_DEVICE, "g-filter", 0, Map.of("filter.min.severity", "HIGH"));

        await().atMost(WAIT).until(() -> committed("g-filter", Topics.FAULTS_DEVICE) == 2);
        assertThat(received).singleElement()
                .satisfies(r -> assertThat(r.headers().getFirst("Idempotency-Key")).isEqualTo("w6/FEVER"));
    }

    @Test
    void shouldSkipAndCountAPoisonAlertAndDeliverTheNextOne() throws Exception {
        // Given, on a topic of its own, an alert holding a NUL in its checkpoint, then an ordinary one
        String topic = "poison-test.alerts";
        KAFKA.createTopic(topic, 1);
        receiverFailingFirst(0, 503);
        produce(topic, anAlert().forEvent("w7").atCheckpoint("CP\u0000X").build());
        produce(topic, anAlert().forEvent("w8").build());

        // When
        notifier = start(topic, "g-poison", 0, Map.of());

        // Then the poison is passed and counted, the next alert delivered, the notifier still running
        await().atMost(WAIT).until(() -> committed("g-poison", topic) == 2);
        assertThat(received).singleElement()
                .satisfies(r -> assertThat(r.headers().getFirst("Idempotency-Key")).isEqualTo("w8/FEVER"));
        assertThat(deliveries("skipped")).isEqualTo(1);
        assertThat(notifier.isFailed()).isFalse();
    }

    private WebhookNotifier start(String topic, String group, int retries, Map<String, Object> extra) {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                "schema.registry.url", WIRE.registryUrl(),
                "group.id", group,
                "kafka.auto.offset.reset", "earliest",
                WebhookConfig.TOPICS, topic,
                WebhookConfig.URLS, "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/gatewatch?token=abc",
                WebhookConfig.SECRET, SECRET,
                WebhookConfig.RETRIES, retries,
                WebhookConfig.RETRY_BACKOFF_MS, 20,
                WebhookConfig.POLL_TIMEOUT_MS, 100));
        settings.putAll(extra);
        return new WebhookNotifier(new WebhookConfig(settings), meters).start();
    }

    private void receiverFailingFirst(int failures, int failStatus) throws IOException {
        AtomicInteger failuresLeft = new AtomicInteger(failures);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks/gatewatch", exchange -> respond(exchange, failuresLeft, failStatus));
        server.start();
    }

    private void respond(HttpExchange exchange, AtomicInteger failuresLeft, int failStatus) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders(), body));
            int status = failuresLeft.getAndDecrement() > 0 ? failStatus : 204;
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private double deliveries(String outcome) {
        return meters.get(MetricNames.WEBHOOK_DELIVERIES).tag("outcome", outcome).counter().count();
    }

    private static long committed(String group, String topic) throws Exception {
        try (Admin admin = KAFKA.broker().admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    private static void produce(String topic, ScreeningAlert alert) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, WIRE.key(topic, alert.getVillageCode()), WIRE.value(topic, alert))).get();
        }
    }

    /** The receiver's side of the contract, computed independently of {@link WebhookSigner}. */
    private static String hmacHex(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
