package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * Fails the build ({@code mvn verify}) when a contract in {@code src/main/avro} changes in a way
 * that would make data already on Kafka unreadable. To release a changed contract, copy its
 * registered (self-contained) form to {@code schema-history/<Name>/v<N+1>.avsc}.
 */
class SchemaHistoryCompatibilityTest {

    @Test
    void shouldKeepEveryContractBackwardCompatibleWithEveryReleasedVersion() {
        assertThat(SchemaEvolutionCheck.problems(SchemaEvolutionCheck.AVRO_DIR, SchemaEvolutionCheck.HISTORY_DIR))
                .as("schema evolution problems").isEmpty();
    }

    @Test
    void shouldCheckTheContractsTheBuildGeneratesClassesFrom() {
        Map<String, Schema> contracts = SchemaEvolutionCheck.parseContracts(SchemaEvolutionCheck.AVRO_DIR);

        assertThat(contracts).containsOnlyKeys("ScanEvent", "DeviceRegistration", "ScreenedScan", "ScreeningAlert",
                "AreaCountKey", "AreaCount", "ObservationEntry", "AreaName");
        // the generated classes add avro.java.string properties; the parsing canonical form ignores them
        assertThat(SchemaNormalization.toParsingForm(contracts.get("ScanEvent")))
                .isEqualTo(SchemaNormalization.toParsingForm(ScanEvent.getClassSchema()));
        assertThat(SchemaNormalization.toParsingForm(contracts.get("ScreenedScan")))
                .isEqualTo(SchemaNormalization.toParsingForm(ScreenedScan.getClassSchema()));
    }
}
