package io.gatewatch.sinks.subscriber;

import static io.gatewatch.sinks.testing.Alerts.T0;
import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.alerts.AlertFormatter;
import io.gatewatch.sinks.names.Names;
import io.gatewatch.sinks.testing.PlaceNames;
import io.gatewatch.sinks.testing.WireRecords;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The subscriber against a real broker: what a health authority of county 110101 sees, with the
 * village 110101001001 and checkpoint CP1 named on gatewatch.areas and gatewatch.devices (village
 * 110101002001 has no name).
 */
class AlertSubscriberIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final WireRecords WIRE = new WireRecords();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ScreeningAlert FEVER_IN_COUNTY = anAlert().forEvent("a1").ofType(AlertType.FEVER)
            .withSeverity(Severity.HIGH).inVillage("110101001001").at(T0).build();
    private static final ScreeningAlert MILD_FEVER_IN_COUNTY = anAlert().forEvent("a2").ofType(AlertType.FEVER)
            .withSeverity(Severity.MEDIUM).inVillage("110101001002").build();
    private static final ScreeningAlert RED_CODE_IN_COUNTY = anAlert().forEvent("a3").ofType(AlertType.RED_CODE_ENTRY)
            .withSeverity(Severity.CRITICAL).inVillage("110101002001").build();
    private static final ScreeningAlert FEVER_ELSEWHERE = anAlert().forEvent("a4").ofType(AlertType.FEVER)
            .withSeverity(Severity.HIGH).inVillage("120101001001").build();
    private static final ScreeningAlert FAULT_IN_COUNTY = anAlert().forEvent("a5").ofType(AlertType.DEVICE_FAULT)
            .withSeverity(Severity.HIGH).inVillage("110101001001").build();
    /** Passes every filter but holds a NUL in its checkpoint: poison, never printed. */
    private static final ScreeningAlert POISON_IN_COUNTY = anAlert().forEvent("a6").ofType(AlertType.FEVER)
            .withSeverity(Severity.CRITICAL).inVillage("110101001001").atCheckpoint("CP\u0000X").build();
    private static final int RECORDS = 7;

    @BeforeAll
    static void produceAlerts() throws Exception {
        Topics.ALERT_TOPICS.forEach(topic -> KAFKA.createTopic(topic, 2));
        KAFKA.createTopic(Topics.AREAS, 1);
        KAFKA.createTopic(Topics.DEVICES, 2);
        PlaceNames.of(Map.of("110101001001", "东村", "110101", "东城区"), Map.of("CP1", "东村卡口"))
                .publish(KAFKA.bootstrapServers(), WIRE);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            List<Future<?>> acks = List.of(
                    send(producer, Topics.ALERTS_FEVER, FEVER_IN_COUNTY),
                    send(producer, Topics.ALERTS_FEVER, MILD_FEVER_IN_COUNTY),
                    send(producer, Topics.ALERTS_HEALTHCODE, RED_CODE_IN_COUNTY),
                    send(producer, Topics.ALERTS_FEVER, FEVER_ELSEWHERE),
                    send(producer, Topics.FAULTS_DEVICE, FAULT_IN_COUNTY),
                    producer.send(new ProducerRecord<>(Topics.ALERTS_FEVER, new byte[] {7, 7, 7})),
                    send(producer, Topics.ALERTS_FEVER, POISON_IN_COUNTY));
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
    }

    @Test
    void shouldPrintOnlyUrgentFeversAndRedCodesOfTheCountyAsReadableLines() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        AlertSubscriber subscriber = new AlertSubscriber(new SubscriberConfig(settings("g-human", "human")),
                new PrintStream(captured, true, StandardCharsets.UTF_8));

        runUntilEverythingIsRead(subscriber);

        Names names = new Names();
        names.nameArea("110101001001", "东村");
        names.nameCheckpoint("CP1", "东村卡口");
        AlertFormatter formatter = new AlertFormatter(ZoneId.of("Asia/Shanghai"), names);
        assertThat(lines(captured)).containsExactlyInAnyOrder(
                formatter.humanLine(FEVER_IN_COUNTY), formatter.humanLine(RED_CODE_IN_COUNTY));
        assertThat(lines(captured)).anySatisfy(line -> assertThat(line).contains(" village=东村 (110101001001) checkpoint=东村卡口 (CP1) "))
                .anySatisfy(line -> assertThat(line).contains(" village=110101002001 checkpoint=东村卡口 (CP1) "));
        assertThat(subscriber.skipped()).as("undecodable bytes and the alert holding a NUL").isEqualTo(2);
    }

    @Test
    void shouldPrintTheSameSelectionAsJsonLines() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        AlertSubscriber subscriber = new AlertSubscriber(new SubscriberConfig(settings("g-json", "json")),
                new PrintStream(captured, true, StandardCharsets.UTF_8));

        runUntilEverythingIsRead(subscriber);

        ObjectMapper json = new ObjectMapper();
        List<String> alerts = lines(captured).stream().map(line -> {
            try {
                JsonNode alert = json.readTree(line);
                return alert.get("alertId").asText() + " " + alert.get("villageName").asText() + " " + alert.get("checkpointName").asText();
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
        assertThat(alerts).containsExactlyInAnyOrder("a1/FEVER 东村 东村卡口", "a3/RED_CODE_ENTRY null 东村卡口");
    }

    @Test
    void shouldJoinItsOwnGroupWithPassedThroughClientSettings() throws Exception {
        Map<String, Object> settings = settings("g-own", "human");
        settings.put("kafka.client.id", "county-110101-desk");
        AlertSubscriber subscriber = new AlertSubscriber(new SubscriberConfig(settings),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Thread thread = new Thread(subscriber::run);
        thread.start();
        try (Admin admin = KAFKA.broker().admin()) {
            await().atMost(WAIT).until(() -> admin.describeConsumerGroups(List.of("g-own")).all().get().get("g-own")
                    .members().stream().map(MemberDescription::clientId).anyMatch("county-110101-desk"::equals));
        } finally {
            subscriber.close();
            thread.join(WAIT.toMillis());
        }
    }

    private static void runUntilEverythingIsRead(AlertSubscriber subscriber) throws InterruptedException {
        Thread thread = new Thread(subscriber::run);
        thread.start();
        try {
            await().atMost(WAIT).until(() -> subscriber.consumed() == RECORDS);
        } finally {
            subscriber.close();
            thread.join(WAIT.toMillis());
        }
    }

    private static Map<String, Object> settings(String group, String format) {
        return new HashMap<>(Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                "schema.registry.url", WIRE.registryUrl(),
                "group.id", group,
                SubscriberConfig.FROM_BEGINNING, true,
                SubscriberConfig.OUTPUT_FORMAT, format,
                SubscriberConfig.POLL_TIMEOUT_MS, 100,
                "filter.area.prefixes", "110101",
                "filter.types", "FEVER,RED_CODE_ENTRY",
                "filter.min.severity", "high"));
    }

    private static List<String> lines(ByteArrayOutputStream captured) {
        String text = captured.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\R"));
    }

    private static Future<?> send(KafkaProducer<byte[], byte[]> producer, String topic, ScreeningAlert alert) {
        return producer.send(new ProducerRecord<>(topic, WIRE.key(topic, alert.getVillageCode()), WIRE.value(topic, alert)));
    }
}
