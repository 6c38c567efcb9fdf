package io.gatewatch.producers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.schema.ScanSource;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class HttpIngestConfigTest {

    private static Map<String, Object> valid() {
        return IngestHttp.serverConfig("127.0.0.1:9092", "mock://cfg");
    }

    @Test
    void shouldDeclareEachClientWithItsSources() {
        HttpIngestConfig config = new HttpIngestConfig(valid());

        assertThat(config.clients()).containsExactly(
                new IngestClient("app", java.util.Set.of(ScanSource.PHONE_APP, ScanSource.GATE_DEVICE)),
                new IngestClient("clinic-7", java.util.Set.of(ScanSource.CLINIC, ScanSource.PHARMACY)));
    }

    @Test
    void shouldNameTheMissingTokenOfADeclaredClient() {
        Map<String, Object> props = valid();
        props.remove("http.client.app.token");

        assertThatThrownBy(() -> new HttpIngestConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.client.app.token");
    }

    @Test
    void shouldRefuseAShortTokenWithoutEchoingIt() {
        Map<String, Object> props = valid();
        props.put("http.client.app.token", "short-tok");

        assertThatThrownBy(() -> new HttpIngestConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.client.app.token")
                .hasMessageNotContaining("short-tok");
    }

    @Test
    void shouldRefuseAnUnknownSource() {
        Map<String, Object> props = valid();
        props.put("http.client.app.sources", "PHONE_APP,SATELLITE");

        assertThatThrownBy(() -> new HttpIngestConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.client.app.sources");
    }

    @Test
    void shouldRefuseTwoClientsSharingAToken() {
        Map<String, Object> props = valid();
        props.put("http.client.clinic-7.token", IngestHttp.APP_TOKEN);

        assertThatThrownBy(() -> new HttpIngestConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.clients")
                .hasMessageNotContaining(IngestHttp.APP_TOKEN);
    }

    @Test
    void shouldRefuseFewerScansInFlightThanOneFullBatch() {
        Map<String, Object> props = valid();
        props.put(HttpIngestConfig.BATCH_MAX_RECORDS, 100);
        props.put(HttpIngestConfig.MAX_INFLIGHT_RECORDS, 50);

        assertThatThrownBy(() -> new HttpIngestConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpIngestConfig.MAX_INFLIGHT_RECORDS);
    }

    @Test
    void shouldHideTokensAndSecretWhenValuesArePrinted() {
        HttpIngestConfig config = new HttpIngestConfig(valid());

        assertThat(config.values().toString()).doesNotContain(IngestHttp.APP_TOKEN).doesNotContain(IngestHttp.CLINIC_TOKEN)
                .doesNotContain("test-deployment-secret");
    }
}
