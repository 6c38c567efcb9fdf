package io.gatewatch.streams.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.AlertAudiences;
import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** Names are contracts: nothing in the topology may carry a generated name. */
class ScreeningTopologyDescriptionTest {
    private final ScreeningSerdes serdes = ScreeningSerdes.avro(new InMemorySchemaRegistryClient(),
            Map.of("schema.registry.url", "mock://description-test"));

    @Test
    void shouldHaveNoGeneratedNames() {
        String description = build().describe().toString();

        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    }

    @Test
    void shouldNameItsStoresAndInternalTopics() {
        TopologyDescription description = build().describe();

        assertThat(description.toString())
                .contains(ScreeningNames.DEDUPE_INDEX_STORE, ScreeningNames.DEDUPE_JOURNAL_STORE, ScreeningNames.FAULT_RATE_STORE, ScreeningNames.ESCALATION_STORE,
                        ScreeningNames.DEVICE_REGISTRY_STORE, ScreeningNames.FLAGS_BY_PERSON + "-repartition",
                        ScreeningNames.OBSERVATION_WATCHLIST_STORE, ScreeningNames.OBSERVATION_SIGHTINGS_STORE, ScreeningNames.OBSERVATION_SIGHTINGS_JOURNAL_STORE,
                        ScreeningNames.OBSERVATION_CLOCK_STORE, ScreeningNames.SIGHTINGS_BY_PERSON + "-repartition");
        assertThat(description.globalStores()).hasSize(1);
        assertThat(description.subtopologies()).hasSize(3);
    }

    @Test
    void shouldWriteEveryOutputTopic() {
        String description = build().describe().toString();

        assertThat(description).contains(Topics.SCANS_REJECTED, Topics.SCANS_SCREENED, Topics.ALERTS_FEVER,
                Topics.ALERTS_HEALTHCODE, Topics.ALERTS_ESCALATION, Topics.ALERTS_OBSERVATION, Topics.FAULTS_DEVICE);
    }

    @Test
    void shouldPublishEveryAlertTypeToItsAudiencesTopic() {
        String description = build().describe().toString();

        for (AlertType type : AlertType.values()) {
            if (type != AlertType.UNKNOWN_ALERT) {
                assertThat(description).as("sink of %s", type).contains("topic: " + AlertAudiences.topicOf(type) + ")");
            }
        }
    }

    @Test
    void shouldMeetTheWatchlistInTheSubTopologyOfThePersonKeyedSightings() {
        TopologyDescription description = build().describe();

        assertThat(description.subtopologies()).anySatisfy(subtopology -> assertThat(subtopology.toString())
                .contains("topics: [" + Topics.OBSERVATION + "]")
                .contains(ScreeningNames.SIGHTINGS_BY_PERSON + "-repartition")
                .contains(ScreeningNames.OBSERVE));
    }

    @Test
    void shouldNeitherReadTheWatchlistNorRepartitionSightingsWhenObservationIsOff() {
        ScreeningConfig off = new ScreeningConfig(Map.of(ScreeningConfig.OBSERVATION_ENABLED, "false"));

        TopologyDescription description = ScreeningTopology.build(off, serdes, new SimpleMeterRegistry(), props()).describe();

        assertThat(description.toString()).doesNotContain(Topics.OBSERVATION + "]", ScreeningNames.SIGHTINGS_BY_PERSON,
                ScreeningNames.OBSERVATION_WATCHLIST_STORE, Topics.ALERTS_OBSERVATION);
        assertThat(description.subtopologies()).hasSize(2);
        assertThat(description.toString()).contains(Topics.ALERTS_FEVER, Topics.ALERTS_HEALTHCODE, Topics.ALERTS_ESCALATION,
                Topics.FAULTS_DEVICE, Topics.SCANS_SCREENED);
    }

    @Test
    void shouldEnforceExplicitNamingEvenWhenThePropertiesDoNotAskForIt() {
        Properties props = props();
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, false);

        assertThat(ScreeningTopology.build(ScreeningConfig.defaults(), serdes, new SimpleMeterRegistry(), props)
                .describe().toString()).doesNotContain("KSTREAM-");
    }

    @Test
    void shouldFailFastWithoutApplicationId() {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

        assertThatThrownBy(() -> ScreeningTopology.build(ScreeningConfig.defaults(), serdes, new SimpleMeterRegistry(), props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    private org.apache.kafka.streams.Topology build() {
        return ScreeningTopology.build(ScreeningConfig.defaults(), serdes, new SimpleMeterRegistry(), props());
    }

    private static Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "description-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }
}
