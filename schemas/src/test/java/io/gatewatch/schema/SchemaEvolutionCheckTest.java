package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evolution check catches what it must: contracts edited in a scratch copy of
 * {@code src/main/avro} are checked against the real released history.
 */
class SchemaEvolutionCheckTest {
    @TempDir
    Path avroDir;

    @BeforeEach
    void copyContracts() throws IOException {
        try (Stream<Path> files = Files.list(SchemaEvolutionCheck.AVRO_DIR)) {
            for (Path file : files.toList()) {
                Files.copy(file, avroDir.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void shouldCatchARequiredFieldAddedWithoutDefault() throws IOException {
        edit("ScanEvent.avsc", "\"fields\": [", "\"fields\": [\n {\"name\": \"gateOperator\", \"type\": \"string\"},");

        List<String> problems = SchemaEvolutionCheck.problems(avroDir, SchemaEvolutionCheck.HISTORY_DIR);

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("ScanEvent: ").contains("released v1")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("gateOperator"));
    }

    @Test
    void shouldCatchANarrowedFieldType() throws IOException {
        edit("DeviceRegistration.avsc", "{\"name\": \"calibrationOffsetCelsius\", \"type\": \"double\"",
                "{\"name\": \"calibrationOffsetCelsius\", \"type\": \"float\"");

        assertThat(SchemaEvolutionCheck.problems(avroDir, SchemaEvolutionCheck.HISTORY_DIR))
                .anySatisfy(p -> assertThat(p).startsWith("DeviceRegistration: ").contains("TYPE_MISMATCH"));
    }

    @Test
    void shouldCatchAnEnumSymbolRemovedEverywhereTheEnumIsUsed() throws IOException {
        edit("ScanEvent.avsc", "\"symbols\": [\"GREEN\", \"YELLOW\", \"RED\", \"UNREADABLE\"]",
                "\"symbols\": [\"GREEN\", \"YELLOW\", \"RED\"]");

        List<String> problems = SchemaEvolutionCheck.problems(avroDir, SchemaEvolutionCheck.HISTORY_DIR);

        // HealthCodeColour has no enum default; inside its optional union Avro reports the lost symbol as a lost branch
        // ScreeningAlert has two released versions, each of which the edited contract can no longer read
        assertThat(problems).hasSize(4).allSatisfy(p -> assertThat(p).contains("released v").contains("ENUM"));
        assertThat(problems).map(p -> p.substring(0, p.indexOf(':')))
                .containsExactlyInAnyOrder("ScanEvent", "ScreenedScan", "ScreeningAlert", "ScreeningAlert");
    }

    @Test
    void shouldCatchAContractWithoutReleasedVersion() throws IOException {
        Files.writeString(avroDir.resolve("GateShift.avsc"), """
                {"type": "record", "name": "GateShift", "namespace": "io.gatewatch.schema",
                 "fields": [{"name": "checkpointId", "type": "string"}]}""");

        assertThat(SchemaEvolutionCheck.problems(avroDir, SchemaEvolutionCheck.HISTORY_DIR))
                .containsExactly("GateShift: no released version under " + SchemaEvolutionCheck.HISTORY_DIR.resolve("GateShift")
                        + " (copy the schema as registered there as v1.avsc when it is first released)");
    }

    @Test
    void shouldAcceptABackwardCompatibleEvolution() throws IOException {
        edit("ScanEvent.avsc", "\"fields\": [",
                "\"fields\": [\n {\"name\": \"gateOperator\", \"type\": [\"null\", \"string\"], \"default\": null},");
        edit("ScanEvent.avsc", "\"PHARMACY\", \"UNKNOWN_SOURCE\"", "\"PHARMACY\", \"UNKNOWN_SOURCE\", \"HOTEL\"");

        assertThat(SchemaEvolutionCheck.problems(avroDir, SchemaEvolutionCheck.HISTORY_DIR)).isEmpty();
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = avroDir.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as("test edit anchor in %s", file).contains(from);
        Files.writeString(path, text.replace(from, to));
    }
}
