package io.gatewatch.producers.mqtt;

import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * What every bridge IT stands on: the topics the bridge writes, a Moquette broker and one gate
 * device connected to it, publishing on {@link MqttTestSupport#DEVICE_TOPIC}; closed together.
 */
record MqttRig(KafkaBrokerExtension kafka, EmbeddedMqttBroker broker, MqttClient device) implements AutoCloseable {
    static MqttRig start(KafkaBrokerExtension kafka, String deviceId) throws MqttException {
        kafka.createTopic(Topics.SCANS, 1);
        kafka.createTopic(Topics.SCANS_REJECTED, 1);
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start();
        try {
            return new MqttRig(kafka, broker, MqttTestSupport.device(broker.uri(), deviceId));
        } catch (MqttException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** Settings of a bridge from this broker to the Kafka broker, as client {@code clientId}. */
    private Map<String, Object> bridgeConfig(String registryUrl, String clientId) {
        return MqttTestSupport.bridgeConfig(broker.uri(), kafka.bootstrapServers(), registryUrl, clientId);
    }

    /**
     * A bridge from this broker to the Kafka broker as client {@code clientId}, {@code overrides}
     * on top of {@link #bridgeConfig}, returned once it reports ready (within 10 s).
     */
    MqttBridge startBridge(String registryUrl, String clientId, Map<String, Object> overrides, MeterRegistry meters) {
        Map<String, Object> props = new HashMap<>(bridgeConfig(registryUrl, clientId));
        props.putAll(overrides);
        MqttBridge bridge = MqttBridge.start(new MqttBridgeConfig(props), meters);
        await().atMost(Duration.ofSeconds(10)).until(bridge::isReady);
        return bridge;
    }

    /** The device publishes {@code payload} at QoS 1. */
    void publish(byte[] payload) throws MqttException {
        MqttTestSupport.publish(device, MqttTestSupport.DEVICE_TOPIC, payload);
    }

    /** Drops a client's connection from the broker side, keeping its session. */
    boolean dropConnection(String clientId) {
        return broker.dropConnection(clientId);
    }

    @Override
    public void close() throws MqttException {
        try {
            device.disconnect();
            device.close();
        } finally {
            broker.close();
        }
    }
}
