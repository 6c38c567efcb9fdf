package io.gatewatch.streams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {
    private static final Map<String, String> REQUIRED = Map.of("application.id", "gatewatch-screening",
            "bootstrap.servers", "broker:9092");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** The required settings and {@code keysAndValues} besides. */
    private static Map<String, String> requiredAnd(String... keysAndValues) {
        Map<String, String> settings = new java.util.HashMap<>(REQUIRED);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    @Test
    void shouldDefaultToExactlyOnceWithExplicitNamingAndBoundedRocksDb() {
        Properties props = new StreamsSettings(REQUIRED).toStreamsProperties(meters);

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo(true);
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbConfigSetter.class);
        assertThat(props.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetteringDeserializationExceptionHandler.class);
        assertThat(props.get(DeadLetteringDeserializationExceptionHandler.METER_REGISTRY_CONFIG)).isSameAs(meters);
        assertThat(props.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(0);
        assertThat(new StreamsConfig(props).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    }

    @Test
    void shouldSelectAtLeastOnceAndStandbys() {
        Map<String, String> settings = requiredAnd("processing.guarantee", "at_least_once", "num.standby.replicas", "1");

        Properties props = new StreamsSettings(settings).toStreamsProperties(meters);

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.AT_LEAST_ONCE);
        assertThat(props.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
    }

    @Test
    void shouldPassRawSettingsThroughUnderThePrefixButNotOverrideImposedOnes() {
        Map<String, String> settings = requiredAnd("kafka.security.protocol", "SSL", "kafka.ensure.explicit.internal.resource.naming", "false");

        Properties props = new StreamsSettings(settings).toStreamsProperties(meters);

        assertThat(props.get("security.protocol")).isEqualTo("SSL");
        assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo(true);
    }

    @Test
    void shouldGiveTheStreamsProducersLargeBatchesUnlessTheOperatorChoosesTheirOwn() {
        String batchSize = StreamsConfig.producerPrefix("batch.size");

        assertThat(new StreamsSettings(REQUIRED).toStreamsProperties(meters).get(batchSize)).isEqualTo(256 * 1024);
        assertThat(new StreamsSettings(requiredAnd("kafka.producer.batch.size", "65536")).toStreamsProperties(meters).get(batchSize))
                .isEqualTo("65536");
        Properties common = new StreamsSettings(requiredAnd("kafka.batch.size", "32768")).toStreamsProperties(meters);
        assertThat(common.get(batchSize)).as("a prefixed default would beat the operator's unprefixed setting").isNull();
        assertThat(String.valueOf(new StreamsConfig(common).getProducerConfigs("client").get("batch.size"))).isEqualTo("32768");
    }

    @Test
    void shouldProcessMultiInputTasksWithoutIdlingUnlessAskedTo() {
        Map<String, String> waiting = requiredAnd("max.task.idle.ms", "0");

        assertThat(new StreamsSettings(REQUIRED).toStreamsProperties(meters).get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
                .isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        assertThat(new StreamsSettings(waiting).toStreamsProperties(meters).get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(0L);
        assertThatThrownBy(() -> new StreamsSettings(Map.of("application.id", "a", "bootstrap.servers", "b:1", "max.task.idle.ms", "-2")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldRefuseUnknownGuarantee() {
        Map<String, String> settings = requiredAnd("processing.guarantee", "exactly_once");

        assertThatThrownBy(() -> new StreamsSettings(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee");
    }

    @Test
    void shouldRefuseMissingApplicationId() {
        assertThatThrownBy(() -> new StreamsSettings(Map.of("bootstrap.servers", "b:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.id");
    }

    @Test
    void shouldRefuseWriteBuffersNotSmallerThanTheCache() {
        Map<String, String> settings = requiredAnd("rocksdb.block.cache.bytes", "33554432", "rocksdb.write.buffer.bytes", "33554432");

        assertThatThrownBy(() -> new StreamsSettings(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rocksdb.write.buffer.bytes");
    }
}
