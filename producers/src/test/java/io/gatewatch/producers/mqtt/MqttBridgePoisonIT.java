package io.gatewatch.producers.mqtt;

import static io.gatewatch.producers.json.KafkaTopicReader.header;
import static io.gatewatch.producers.json.ScanPayloads.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.producers.json.KafkaTopicReader;
import io.gatewatch.producers.json.RejectHeaders;
import io.gatewatch.producers.json.ScanPayloads;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Repro 3 of issue 13 against a real Moquette broker and a real KRaft broker: a poison payload
 * ({@code "personId":"\u0001"}, which used to make the pseudonymiser throw) must be rejected and
 * acknowledged like any invalid payload, so the in-order acknowledgements behind it keep flowing,
 * before and after a bridge restart. Moquette, like Mosquitto, stops sending once its in-flight
 * window of unacknowledged messages is full, so a stuck acknowledgement starves every later message.
 */
class MqttBridgePoisonIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String REGISTRY = "mock://mqtt-poison-it";
    private static final String BRIDGE_ID = "bridge-poison-it";
    private static final int VALID_BEHIND_POISON = 40;

    private static MqttRig mqtt;
    private static KafkaTopicReader scans;
    private static KafkaTopicReader rejected;
    private MqttBridge bridge;

    @BeforeAll
    static void startBrokers() throws Exception {
        mqtt = MqttRig.start(KAFKA, "device-poison");
        scans = new KafkaTopicReader(KAFKA.bootstrapServers(), Topics.SCANS, REGISTRY);
        rejected = new KafkaTopicReader(KAFKA.bootstrapServers(), Topics.SCANS_REJECTED, REGISTRY);
    }

    @AfterAll
    static void stopBrokers() throws Exception {
        if (scans != null) {
            scans.close();
            rejected.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
    }

    @AfterEach
    void closeBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private MqttBridge startBridge() {
        return mqtt.startBridge(REGISTRY, BRIDGE_ID, Map.of(), new SimpleMeterRegistry());
    }

    /** A scan whose personId is the control character U+0001, written as a JSON escape. */
    private static byte[] poison(String eventId) {
        String json = aScan().withEventId(eventId).without("personId").json();
        return ("{\"personId\":\"\\u0001\"," + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private static List<ScanPayloads> publishPoisonThenValid(String poisonId, int valid) throws Exception {
        mqtt.publish(poison(poisonId));
        List<ScanPayloads> scansBehind = Stream.generate(ScanPayloads::aScan).limit(valid).toList();
        for (ScanPayloads scan : scansBehind) {
            mqtt.publish(scan.bytes());
        }
        return scansBehind;
    }

    private static ConsumerRecord<byte[], byte[]> awaitRejected(String poisonId) {
        return rejected.awaitRecord(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(poisonId));
    }

    private static void awaitAllOnScans(List<ScanPayloads> expected) {
        for (ScanPayloads scan : expected) {
            assertThat(scans.awaitScan(scan.eventId()).getEventId()).isEqualTo(scan.eventId());
        }
    }

    @Test
    void shouldRejectAPoisonMessageAndStillDeliverAndAcknowledgeEveryMessageBehindIt() throws Exception {
        // given a running bridge
        bridge = startBridge();

        // when a poison payload is followed by 40 valid scans
        List<ScanPayloads> valid = publishPoisonThenValid("poison-1", VALID_BEHIND_POISON);

        // then all 40 are on gatewatch.scans, the poison is on the rejected topic, and nothing waits for an ack
        awaitAllOnScans(valid);
        ConsumerRecord<byte[], byte[]> refused = awaitRejected("poison-1");
        assertThat(header(refused, RejectHeaders.REASON)).isEqualTo("invalid_text");
        assertThat(header(refused, RejectHeaders.MESSAGE)).startsWith("field 'personId': must not contain control characters");
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.inFlightMessages() == 0 && bridge.oldestUnacknowledgedMs() == 0);
        assertThat(bridge.isReady()).isTrue();
    }

    @Test
    void shouldNotStallAfterARestartWhenAPoisonMessageArrivesAgain() throws Exception {
        // given a bridge that handled a poison message, then restarted with the same session
        bridge = startBridge();
        List<ScanPayloads> before = publishPoisonThenValid("poison-2", 5);
        awaitAllOnScans(before);
        bridge.close();
        bridge = null;
        List<ScanPayloads> whileAway = publishPoisonThenValid("poison-3", 5);

        // when it comes back
        bridge = startBridge();
        List<ScanPayloads> after = publishPoisonThenValid("poison-4", VALID_BEHIND_POISON);

        // then what waited for it and what came after all arrive, and every poison is rejected
        awaitAllOnScans(Stream.of(whileAway, after).flatMap(List::stream).toList());
        awaitRejected("poison-3");
        awaitRejected("poison-4");
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.inFlightMessages() == 0 && bridge.oldestUnacknowledgedMs() == 0);
    }
}
