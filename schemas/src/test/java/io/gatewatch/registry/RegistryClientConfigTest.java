package io.gatewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Bad registry-client settings fail at construction, naming the key. */
class RegistryClientConfigTest {
    private static final String URL = "http://127.0.0.1:8081";

    @Test
    void shouldApplyDocumentedDefaults() {
        RegistryClientConfig config = new RegistryClientConfig(Map.of("schema.registry.url", URL + ", " + URL + "/"));

        assertThat(config.urls()).containsExactly(URL, URL + "/");
        assertThat(config.latestCacheTtlSec()).isEqualTo(60);
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.credentialsSource()).isEqualTo(RegistryClientConfig.CredentialsSource.URL);
        assertThat(config.hasCustomTls()).isFalse();
    }

    @Test
    void shouldRequireAUrl() {
        assertThatThrownBy(() -> new RegistryClientConfig(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldRefuseANonHttpUrl() {
        assertThatThrownBy(() -> new RegistryClientConfig(Map.of("schema.registry.url", "ftp://registry")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldRefuseAnUnknownCredentialsSource() {
        assertThatThrownBy(() -> new RegistryClientConfig(Map.of("schema.registry.url", URL,
                "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.credentials.source");
    }

    @Test
    void shouldRequireUserInfoWhenThatIsTheSourceWithoutPrintingIt() {
        assertThatThrownBy(() -> new RegistryClientConfig(Map.of("schema.registry.url", URL,
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "no-colon-secret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info")
                .hasMessageNotContaining("no-colon-secret");
    }

    @Test
    void shouldAcceptTheLegacyUserInfoKey() {
        RegistryClientConfig config = new RegistryClientConfig(Map.of("schema.registry.url", URL,
                "basic.auth.credentials.source", "USER_INFO", "schema.registry.basic.auth.user.info", "u:p"));

        assertThat(config.userInfo()).isEqualTo("u:p");
    }

    @Test
    void shouldRefuseNegativeRetries() {
        assertThatThrownBy(() -> new RegistryClientConfig(Map.of("schema.registry.url", URL, "max.retries", -1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max.retries");
    }

    @Test
    void shouldRefuseAMissingTrustStoreFile() {
        RegistryClientConfig config = new RegistryClientConfig(Map.of("schema.registry.url", "https://127.0.0.1:8081",
                "schema.registry.ssl.truststore.location", "/nonexistent/trust.p12"));

        assertThatThrownBy(() -> new CachedSchemaRegistryClient(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location");
    }

    @Test
    void shouldGiveTheInMemoryRegistryForMockUrls() {
        assertThat(SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://config-test")))
                .isInstanceOf(InMemorySchemaRegistryClient.class);
        assertThat(SchemaRegistryClients.create(Map.of("schema.registry.url", URL)))
                .isInstanceOf(CachedSchemaRegistryClient.class);
    }
}
