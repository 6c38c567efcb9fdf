package io.gatewatch.producers.mqtt;

import static io.gatewatch.producers.json.KafkaTopicReader.header;
import static io.gatewatch.producers.json.ScanPayloads.PSEUDONYMIZER;
import static io.gatewatch.producers.json.ScanPayloads.RAW_ID;
import static io.gatewatch.producers.json.ScanPayloads.aScan;
import static io.gatewatch.producers.mqtt.MqttTestSupport.DEVICE_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.producers.json.IngestCounts;
import io.gatewatch.producers.json.KafkaTopicReader;
import io.gatewatch.producers.json.RejectHeaders;
import io.gatewatch.producers.json.ScanPayloads;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bridge against a real Moquette broker and a real KRaft broker, both in this JVM. */
class MqttBridgeIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String REGISTRY = "mock://mqtt-bridge-it";
    private static final String BRIDGE_ID = "bridge-it";

    private static MqttRig mqtt;
    private static SimpleMeterRegistry meters;
    private static MqttBridge bridge;
    private static KafkaTopicReader scans;
    private static KafkaTopicReader rejected;

    @BeforeAll
    static void startBrokersAndBridge() throws Exception {
        mqtt = MqttRig.start(KAFKA, "device-G1-D1");
        meters = new SimpleMeterRegistry();
        bridge = mqtt.startBridge(REGISTRY, BRIDGE_ID, Map.of(), meters);
        scans = new KafkaTopicReader(KAFKA.bootstrapServers(), Topics.SCANS, REGISTRY);
        rejected = new KafkaTopicReader(KAFKA.bootstrapServers(), Topics.SCANS_REJECTED, REGISTRY);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (scans != null) {
            scans.close();
            rejected.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
    }

    private static double count(String outcome) {
        return IngestCounts.requests(meters, "mqtt", outcome);
    }

    @Test
    void shouldProduceAValidScanToKafkaKeyedByDevice() throws Exception {
        // given
        ScanPayloads payload = aScan().fromDevice("G1-D1").withTemperature(37.6, "C");

        // when
        mqtt.publish(payload.bytes());

        // then
        ConsumerRecord<byte[], byte[]> record = scans.awaitRecord(r -> payload.eventId().equals(scans.scan(r).getEventId()));
        ScanEvent scan = scans.scan(record);
        assertThat(scans.key(record)).isEqualTo("G1-D1");
        assertThat(scan.getTemperature().getValue()).isEqualTo(37.6);
        assertThat(scan.getPersonToken()).isEqualTo(PSEUDONYMIZER.token(RAW_ID));
        await().atMost(Duration.ofSeconds(5)).until(() -> bridge.inFlightMessages() == 0);
    }

    @Test
    void shouldRouteAnInvalidPayloadToTheRejectedTopicAndNothingToScans() throws Exception {
        // given an invalid scan, then a valid marker behind it on the same topic
        ScanPayloads invalid = aScan().with("temperature.unit", "K");
        ScanPayloads marker = aScan();

        // when
        mqtt.publish(invalid.bytes());
        mqtt.publish(marker.bytes());

        // then the refused payload is on the rejected topic with where it came from and why
        ConsumerRecord<byte[], byte[]> refused = rejected.awaitRecord(r -> r.value() != null
                && new String(r.value(), StandardCharsets.UTF_8).contains(invalid.eventId()));
        assertThat(header(refused, RejectHeaders.SOURCE)).isEqualTo(DEVICE_TOPIC);
        assertThat(header(refused, RejectHeaders.CHANNEL)).isEqualTo("mqtt");
        assertThat(header(refused, RejectHeaders.REJECTED_BY)).isEqualTo("mqtt-bridge");
        assertThat(header(refused, RejectHeaders.REASON)).isEqualTo("invalid_field");
        assertThat(header(refused, RejectHeaders.MESSAGE)).isEqualTo("field 'temperature.unit': must be one of C, F");
        assertThat(new String(refused.key(), StandardCharsets.UTF_8)).isEqualTo(DEVICE_TOPIC);
        // and the marker, produced after it in order, is on scans while the invalid scan is not
        scans.awaitScan(marker.eventId());
        assertThat(scans.seenScans()).extracting(ScanEvent::getEventId).doesNotContain(invalid.eventId());
    }

    @Test
    void shouldNeverKeepMalformedJsonRawButSayItsSize() throws Exception {
        // given malformed JSON holding an identity number under a name redaction does not know
        byte[] garbage = ("{\"eventId\": \"e-garbage\", \"idcard\": \"" + RAW_ID + "\", temperature: 37.6 /* 0xC0FFEE */")
                .getBytes(StandardCharsets.UTF_8);

        // when
        mqtt.publish(garbage);

        // then it is on the rejected topic without a value, its size in the message
        String note = "(payload of " + garbage.length + " bytes not kept)";
        ConsumerRecord<byte[], byte[]> refused = rejected.awaitRecord(r -> r.value() == null
                && String.valueOf(header(r, RejectHeaders.MESSAGE)).endsWith(note));
        assertThat(header(refused, RejectHeaders.REASON)).isEqualTo("malformed_json");
        assertThat(header(refused, RejectHeaders.REDACTED)).isEqualTo("payload");
    }

    @Test
    void shouldNeverPutARawPersonIdIntoAnyProducedBytes() throws Exception {
        // given a valid and an invalid scan, both carrying the raw identity
        ScanPayloads valid = aScan().withPersonId(RAW_ID);
        ScanPayloads invalid = aScan().withPersonId(RAW_ID).withCode("BLUE");

        // when
        mqtt.publish(valid.bytes());
        mqtt.publish(invalid.bytes());

        // then
        scans.awaitScan(valid.eventId());
        ConsumerRecord<byte[], byte[]> refused = rejected.awaitRecord(r -> r.value() != null
                && new String(r.value(), StandardCharsets.UTF_8).contains(invalid.eventId()));
        assertThat(header(refused, RejectHeaders.REDACTED)).isEqualTo("person-fields");
        byte[] raw = RAW_ID.getBytes(StandardCharsets.UTF_8);
        assertThat(Stream.concat(scans.seen().stream(), rejected.seen().stream()))
                .isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(contains(r.value(), raw)).isFalse();
                    assertThat(contains(r.key(), raw)).isFalse();
                    r.headers().forEach(h -> assertThat(contains(h.value(), raw)).isFalse());
                });
    }

    @Test
    void shouldCountAcceptedAndInvalidMessages() throws Exception {
        double acceptedBefore = count("accepted");
        double invalidBefore = count("invalid");
        ScanPayloads valid = aScan();

        mqtt.publish(aScan().without("scannedAt").bytes());
        mqtt.publish(valid.bytes());
        scans.awaitScan(valid.eventId());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(count("accepted")).isGreaterThanOrEqualTo(acceptedBefore + 1);
            assertThat(count("invalid")).isGreaterThanOrEqualTo(invalidBefore + 1);
        });
    }

    @Test
    void shouldReconnectAndKeepBridgingAfterTheBrokerDropsTheConnection() throws Exception {
        // given the broker drops the bridge's connection
        assertThat(mqtt.dropConnection(BRIDGE_ID)).isTrue();

        // when it is back
        await().atMost(Duration.ofSeconds(15)).until(bridge::isReady);
        ScanPayloads afterReconnect = aScan();
        mqtt.publish(afterReconnect.bytes());

        // then
        assertThat(scans.awaitScan(afterReconnect.eventId()).getEventId()).isEqualTo(afterReconnect.eventId());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
