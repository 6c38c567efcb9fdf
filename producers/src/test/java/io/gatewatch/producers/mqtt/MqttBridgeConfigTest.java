package io.gatewatch.producers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class MqttBridgeConfigTest {
    private static final String SECRET = "a-deployment-secret-of-some-length";

    private static Map<String, Object> valid() {
        Map<String, Object> props = new HashMap<>();
        props.put(MqttBridgeConfig.SERVER_URIS, "tcp://127.0.0.1:1883");
        props.put("bootstrap.servers", "127.0.0.1:9092");
        props.put("schema.registry.url", "mock://cfg");
        props.put("pseudonym.secret", SECRET);
        return props;
    }

    @Test
    void shouldApplyDocumentedDefaults() {
        MqttBridgeConfig config = new MqttBridgeConfig(valid());

        assertThat(config.topicFilters()).containsExactly("gatewatch/+/scans");
        assertThat(config.cleanSession()).isFalse();
        assertThat(config.clientId()).isEqualTo("gatewatch-mqtt-bridge");
    }

    @Test
    void shouldNameTheKeyOfAnInvalidTopicFilter() {
        Map<String, Object> props = valid();
        props.put(MqttBridgeConfig.TOPIC_FILTERS, "gatewatch/#/scans");

        assertThatThrownBy(() -> new MqttBridgeConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(MqttBridgeConfig.TOPIC_FILTERS);
    }

    @Test
    void shouldRequireTheBrokerUris() {
        Map<String, Object> props = valid();
        props.remove(MqttBridgeConfig.SERVER_URIS);

        assertThatThrownBy(() -> new MqttBridgeConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(MqttBridgeConfig.SERVER_URIS);
    }

    @Test
    void shouldRefuseAShortSecretWithoutEchoingIt() {
        Map<String, Object> props = valid();
        props.put("pseudonym.secret", "short-secret");

        assertThatThrownBy(() -> new MqttBridgeConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pseudonym.secret")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void shouldHideSecretsWhenValuesArePrinted() {
        Map<String, Object> props = valid();
        props.put(MqttBridgeConfig.PASSWORD, "mqtt-password-1");

        MqttBridgeConfig config = new MqttBridgeConfig(props);

        assertThat(config.values().toString()).doesNotContain(SECRET).doesNotContain("mqtt-password-1");
    }
}
