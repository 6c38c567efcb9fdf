package io.gatewatch.producers.mqtt;

import static io.gatewatch.producers.json.ScanPayloads.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.producers.json.IngestCounts;
import io.gatewatch.producers.json.KafkaTopicReader;
import io.gatewatch.producers.json.ScanPayloads;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * QoS 1 is acknowledged only after Kafka acknowledged: with Kafka stopped, a message is held, not
 * acknowledged, and not lost — whether Kafka comes back while the bridge runs, or the bridge stops
 * first and a new one picks the message up from the MQTT broker's session.
 */
class MqttBridgeKafkaOutageIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String REGISTRY = "mock://mqtt-outage-it";
    private static final String BRIDGE_ID = "bridge-outage-it";

    private static MqttRig mqtt;
    private MqttBridge bridge;
    private SimpleMeterRegistry meters;

    @BeforeAll
    static void startBrokers() throws Exception {
        mqtt = MqttRig.start(KAFKA, "device-outage");
    }

    @AfterAll
    static void stopBrokers() throws Exception {
        if (mqtt != null) {
            mqtt.close();
        }
    }

    @AfterEach
    void closeBridgeAndRestoreKafka() {
        if (bridge != null) {
            bridge.close();
        }
        KAFKA.broker().restart();
    }

    private MqttBridge startBridge() {
        return startBridge(Map.of());
    }

    private MqttBridge startBridge(Map<String, Object> overrides) {
        meters = new SimpleMeterRegistry();
        return mqtt.startBridge(REGISTRY, BRIDGE_ID, overrides, meters);
    }

    private KafkaTopicReader scans() {
        return new KafkaTopicReader(KAFKA.bootstrapServers(), Topics.SCANS, REGISTRY);
    }

    @Test
    void shouldHoldAMessageWhileKafkaIsDownAndDeliverItWhenKafkaReturns() throws Exception {
        // given a running bridge and Kafka gone
        bridge = startBridge();
        KAFKA.broker().stop();
        ScanPayloads scan = aScan();

        // when a device publishes, the bridge holds the message and counts the failed attempts
        mqtt.publish(scan.bytes());
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.inFlightMessages() == 1);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                IngestCounts.requests(meters, "mqtt", "failed") >= 1);

        // then once Kafka is back the scan arrives and the message is released
        KAFKA.broker().restart();
        try (KafkaTopicReader scans = scans()) {
            assertThat(scans.awaitScan(scan.eventId()).getEventId()).isEqualTo(scan.eventId());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.inFlightMessages() == 0);
    }

    @Test
    void shouldLeaveAMessageNotYetOnKafkaWithTheBrokerWhenTheBridgeStops() throws Exception {
        // given a bridge holding a message it could not get onto Kafka
        bridge = startBridge();
        KAFKA.broker().stop();
        ScanPayloads scan = aScan();
        mqtt.publish(scan.bytes());
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.inFlightMessages() == 1);

        // when the bridge stops before Kafka returns (had it acknowledged on receipt, the message would be gone)
        bridge.close();
        bridge = null;
        KAFKA.broker().restart();
        bridge = startBridge();

        // then the MQTT broker redelivers it to the new bridge, which gets it onto Kafka
        try (KafkaTopicReader scans = scans()) {
            assertThat(scans.awaitScan(scan.eventId()).getEventId()).isEqualTo(scan.eventId());
        }
    }

    @Test
    void shouldTurnNotReadyAndRaiseTheGaugeWhileAMessageWaitsLongerThanTheBound() throws Exception {
        // given a bridge whose readiness allows a message to wait 500 ms for its acknowledgement, and Kafka gone
        bridge = startBridge(Map.of(MqttBridgeConfig.UNACKED_MAX_AGE_MS, 500L));
        KAFKA.broker().stop();

        // when a message cannot be acknowledged
        mqtt.publish(aScan().bytes());

        // then readiness turns false and the gauge shows the wait
        await().atMost(Duration.ofSeconds(15)).until(() -> !bridge.isReady());
        assertThat(meters.get(MetricNames.MQTT_UNACKED_OLDEST_AGE).gauge().value()).isGreaterThan(0.5);

        // and once Kafka is back and the message acknowledged, the bridge is ready again
        KAFKA.broker().restart();
        await().atMost(Duration.ofSeconds(20)).until(bridge::isReady);
        assertThat(meters.get(MetricNames.MQTT_UNACKED_OLDEST_AGE).gauge().value()).isZero();
    }
}
