package io.gatewatch.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ResolvedConfigTest {
    private static final ConfigSection SECRETIVE = new ConfigSection("Test", Set.of("test"), "test settings", new ConfigDef()
            .define("webhook.hmac.secret", Type.PASSWORD, "", Importance.HIGH, "signing secret")
            .define("webhook.retries", Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW, "retries"));

    private static ConfigSources env(Map<String, String> env) {
        return ConfigSources.merge(null, env, Map.of());
    }

    private static ConfigSources flags(Map<String, String> flags) {
        return ConfigSources.merge(null, Map.of(), flags);
    }

    @Test
    void shouldApplyDefaultsForKeysNotGiven() {
        ResolvedConfig config = ResolvedConfig.resolve(flags(Map.of()), ConfigCatalog.DEMO);

        assertThat(config.getInt(CommonConfig.METRICS_PORT)).isEqualTo(CommonConfig.DEFAULT_METRICS_PORT);
        assertThat(config.getInt(TopicsConfig.PARTITIONS)).isEqualTo(6);
    }

    @Test
    void shouldFailNamingTheKeyAndTheEnvironmentVariableForABadValue() {
        ConfigSources sources = env(Map.of("GATEWATCH_METRICS_PORT", "ninety"));

        assertThatThrownBy(() -> ResolvedConfig.resolve(sources, ConfigCatalog.DEMO))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.port")
                .hasMessageContaining("GATEWATCH_METRICS_PORT");
    }

    @Test
    void shouldPlaceEveryEngineInTheOneDeploymentZone() {
        ResolvedConfig config = ResolvedConfig.resolve(env(Map.of("GATEWATCH_TIME_ZONE", "Europe/Berlin")), ConfigCatalog.DEMO);
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");

        assertThat(new io.gatewatch.streams.counts.CountsConfig(config.originals()).timeZone()).isEqualTo(berlin);
        assertThat(new io.gatewatch.streams.screening.ScreeningConfig(config.originals()).timeZone()).isEqualTo(berlin);
        assertThat(new io.gatewatch.producers.sim.ScenarioConfig(config.originals()).zone()).isEqualTo(berlin);
    }

    @Test
    void shouldRefuseAnEngineZoneKeyThatWouldDisagreeWithTheDeploymentZone() {
        ConfigSources sources = flags(Map.of(io.gatewatch.streams.counts.CountsConfig.TIME_ZONE, "Europe/Berlin"));

        assertThatThrownBy(() -> ResolvedConfig.resolve(sources, ConfigCatalog.DEMO))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(io.gatewatch.streams.counts.CountsConfig.TIME_ZONE);
    }

    @Test
    void shouldFailWhenAValueIsOutOfRange() {
        ConfigSources sources = flags(Map.of("metrics.port", "70000"));

        assertThatThrownBy(() -> ResolvedConfig.resolve(sources, ConfigCatalog.DEMO))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.port")
                .hasMessageContaining("command-line flag");
    }

    @Test
    void shouldFailNamingAnUnknownKey() {
        ConfigSources sources = flags(Map.of("metrics.prot", "9000"));

        assertThatThrownBy(() -> ResolvedConfig.resolve(sources, ConfigCatalog.DEMO))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.prot")
                .hasMessageContaining("unknown setting");
    }

    @Test
    void shouldIgnoreAnUnknownGatewatchEnvironmentVariableWithAWarning() {
        ConfigSources sources = env(Map.of("GATEWATCH_JAR", "/opt/gatewatch.jar", "GATEWATCH_METRICS_PORT", "9500"));

        ResolvedConfig config = ResolvedConfig.resolve(sources, ConfigCatalog.DEMO);

        assertThat(config.getInt(CommonConfig.METRICS_PORT)).isEqualTo(9500);
        assertThat(config.warnings()).singleElement().asString().contains("GATEWATCH_JAR").contains("not a GateWatch setting");
        assertThat(config.originals()).doesNotContainKey("jar");
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        ConfigSources sources = flags(Map.of("metrics.port", "ninety", "topics.partitions", "0", "metrics.prot", "1"));

        assertThatThrownBy(() -> ResolvedConfig.resolve(sources, ConfigCatalog.DEMO))
                .isInstanceOfSatisfying(ConfigProblemsException.class, e -> assertThat(e.problems())
                        .hasSize(3)
                        .anySatisfy(p -> assertThat(p).startsWith("metrics.port"))
                        .anySatisfy(p -> assertThat(p).startsWith("topics.partitions"))
                        .anySatisfy(p -> assertThat(p).startsWith("metrics.prot")));
    }

    @Test
    void shouldNameTheFlagAndTheEnvironmentVariableOfEveryMissingSetting() {
        ConfigSection required = new ConfigSection("Test", Set.of("test"), "test settings", new ConfigDef()
                .define("webhook.urls", Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "where to post")
                .define("pseudonym.secret", Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "HMAC key"));

        assertThatThrownBy(() -> ResolvedConfig.resolve(flags(Map.of()), List.of(required)))
                .isInstanceOfSatisfying(ConfigProblemsException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "webhook.urls: missing; set it with -s webhook.urls=VALUE, the environment variable GATEWATCH_WEBHOOK_URLS or a --config file",
                        "pseudonym.secret: missing; set it with -s pseudonym.secret=VALUE, the environment variable GATEWATCH_PSEUDONYM_SECRET or a --config file"));
    }

    @Test
    void shouldAcceptKeysDefinedForAnotherProcess() {
        // one env file can serve every process: demo-only keys do not break 'topics'
        ConfigSources sources = flags(Map.of(DemoConfig.DURATION_MS, "1000"));

        assertThat(ResolvedConfig.resolve(sources, ConfigCatalog.TOPICS).getInt(TopicsConfig.PARTITIONS)).isEqualTo(6);
    }

    @Test
    void shouldPassKafkaClientSettingsThrough() {
        ConfigSources sources = flags(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.producer.linger.ms", "5"));

        ResolvedConfig config = ResolvedConfig.resolve(sources, ConfigCatalog.TOPICS);

        assertThat(config.kafka().producer()).containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "5");
        assertThat(config.kafka().consumer()).containsEntry("security.protocol", "SASL_SSL").doesNotContainKey("linger.ms");
    }

    @Test
    void shouldGiveEveryClientTheBrokersAsOneBootstrapServersValue() {
        ConfigSources sources = flags(Map.of("kafka.bootstrap.servers", "k1:9092, k2:9092"));

        ResolvedConfig config = ResolvedConfig.resolve(sources, ConfigCatalog.TOPICS);

        assertThat(config.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(EngineConfigs.forProducerEngine(config)).containsEntry("bootstrap.servers", "k1:9092,k2:9092");
    }

    @Test
    void shouldGiveTheRegistryClientItsSettingsAndTheResolvedUrl() {
        ConfigSources sources = flags(Map.of("schema.registry.url", "http://r1:8081,http://r2:8081", "basic.auth.user.info", "u:p",
                "kafka.acks", "all"));

        Map<String, Object> registry = ResolvedConfig.resolve(sources, ConfigCatalog.TOPICS).registryClient();

        assertThat(registry).containsOnlyKeys("schema.registry.url", "basic.auth.user.info", "avro.max.record.bytes")
                .containsEntry("schema.registry.url", "http://r1:8081,http://r2:8081");
    }

    @Test
    void shouldGiveEverySerdeTheConfiguredRecordSizeBound() {
        ConfigSources sources = flags(Map.of("avro.max.record.bytes", "65536"));

        Map<String, Object> registry = ResolvedConfig.resolve(sources, ConfigCatalog.DEMO).registryClient();

        assertThat(registry).containsEntry("avro.max.record.bytes", 65536);
    }

    @Test
    void shouldRefuseARecordSizeBoundSmallerThanTheFrameHeader() {
        assertThatThrownBy(() -> ResolvedConfig.resolve(flags(Map.of("avro.max.record.bytes", "4")), ConfigCatalog.DEMO))
                .isInstanceOf(ConfigException.class).hasMessageContaining("avro.max.record.bytes");
    }

    @Test
    void shouldNeverEchoASecretInAnError() {
        ConfigSources sources = flags(Map.of("webhook.hmac.secret", "s3cr3t-value", "webhook.retries", "-1"));

        assertThatThrownBy(() -> ResolvedConfig.resolve(sources, List.of(SECRETIVE)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("webhook.retries")
                .hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void shouldMaskSecretsWhenDescribingTheConfiguration() {
        ConfigSources sources = flags(Map.of("webhook.hmac.secret", "s3cr3t-value",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"pw\";",
                "kafka.ssl.truststore.password", "changeit"));

        List<String> lines = ResolvedConfig.resolve(sources, List.of(ConfigCatalog.sections().get(0), SECRETIVE)).describe();

        assertThat(String.join("\n", lines))
                .doesNotContain("s3cr3t-value").doesNotContain("password=\"pw\"").doesNotContain("changeit")
                .contains("webhook.hmac.secret = [hidden]  (command-line flag)")
                .contains("kafka.sasl.jaas.config = [hidden]")
                .contains("kafka.ssl.truststore.password = [hidden]")
                .contains("webhook.retries = 3  (default)");
    }
}
