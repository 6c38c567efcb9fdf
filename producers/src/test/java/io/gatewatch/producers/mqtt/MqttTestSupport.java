package io.gatewatch.producers.mqtt;

import io.gatewatch.producers.json.ScanPayloads;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Shared set-up for the MQTT integration tests: bridge settings and a device that publishes. */
final class MqttTestSupport {
    static final String DEVICE_TOPIC = "gatewatch/G1-D1/scans";

    private MqttTestSupport() {}

    static Map<String, Object> bridgeConfig(String mqttUri, String bootstrapServers, String registryUrl, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(MqttBridgeConfig.SERVER_URIS, mqttUri);
        props.put(MqttBridgeConfig.CLIENT_ID, clientId);
        props.put(MqttBridgeConfig.TOPIC_FILTERS, "gatewatch/+/scans");
        props.put(MqttBridgeConfig.RECONNECT_MAX_DELAY_MS, 1_000);
        props.put(MqttBridgeConfig.KAFKA_RETRY_BACKOFF_MS, 200L);
        props.put(MqttBridgeConfig.CLOSE_TIMEOUT_MS, 500L);
        props.put("bootstrap.servers", bootstrapServers);
        props.put("schema.registry.url", registryUrl);
        props.put("pseudonym.secret", new String(ScanPayloads.SECRET, StandardCharsets.UTF_8));
        props.put("kafka.producer.linger.ms", 0);
        props.put("kafka.producer.max.block.ms", 1_000);
        props.put("kafka.producer.request.timeout.ms", 1_000);
        props.put("kafka.producer.delivery.timeout.ms", 3_000);
        return props;
    }

    /** A gate device: a plain MQTT client that publishes at QoS 1. */
    static MqttClient device(String mqttUri, String clientId) throws MqttException {
        MqttClient device = new MqttClient(mqttUri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        device.connect(options);
        return device;
    }

    static void publish(MqttClient device, String topic, byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        device.publish(topic, message);
    }
}
