package io.gatewatch.sinks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {
    private final Map<String, Object> props = new HashMap<>(Map.of(
            "bootstrap.servers", "localhost:9092",
            "schema.registry.url", "mock://webhook-config",
            WebhookConfig.URLS, "https://health.example.org/hooks/gatewatch",
            WebhookConfig.SECRET, "s3cret"));

    @Test
    void shouldAcceptHttpsUrlsAndDefaultToFiveRetries() {
        WebhookConfig config = new WebhookConfig(props);

        assertThat(config.urls()).hasSize(1);
        assertThat(config.backoff().maxRetries()).isEqualTo(5);
    }

    @Test
    void shouldNameTheKeyOfAUrlThatIsNotHttp() {
        props.put(WebhookConfig.URLS, "ftp://example.org/x");

        assertThatThrownBy(() -> new WebhookConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(WebhookConfig.URLS);
    }

    @Test
    void shouldRefuseAnEmptySecretWithoutPrintingIt() {
        props.put(WebhookConfig.SECRET, "");

        assertThatThrownBy(() -> new WebhookConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(WebhookConfig.SECRET);
    }

    @Test
    void shouldNameAnUnknownAlertTypeInTheFilter() {
        props.put("filter.types", "FEVER,COUGH");

        assertThatThrownBy(() -> new WebhookConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("filter.types").hasMessageContaining("COUGH");
    }
}
