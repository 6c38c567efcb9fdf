package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An integrator registers devices with the CLI alone: import a CSV, list, show, retire, on a real broker. */
class DevicesCommandIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String HEADER = "deviceId,checkpointId,villageCode,unit,calibrationOffsetCelsius,kind,name\n";

    @TempDir
    Path dir;
    private final CliConsole console = console();

    private static CliConsole console() {
        return new CliConsole(() -> Map.of("GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "GATEWATCH_SCHEMA_REGISTRY_URL", "mock://devices-command-it"));
    }

    @BeforeAll
    static void createTopics() {
        console().createTopics();
    }

    private Path csv(String name, String rows) throws IOException {
        return Files.writeString(dir.resolve(name), HEADER + rows, StandardCharsets.UTF_8);
    }

    @Test
    void shouldImportAFahrenheitGateOnceAndFindNothingToChangeOnReimport() throws IOException {
        Path file = csv("gates.csv", "dev-f-1,CP-EAST,330106001001,F,0.0,GATE,东村卡口\ndev-c-1,CL-1,330106001001,C,,CLINIC,\n");

        assertThat(console.runAfresh("devices", "import", file.toString())).as(console.err()).isZero();
        assertThat(console.out()).contains("2 devices in", "2 new, 0 updated, 0 unchanged");

        assertThat(console.runAfresh("devices", "import", file.toString())).isZero();
        assertThat(console.out()).contains("0 new, 0 updated, 2 unchanged");

        assertThat(console.runAfresh("devices", "show", "dev-f-1")).isZero();
        assertThat(console.out()).contains("checkpointId              CP-EAST", "unit                      F", "kind                      GATE",
                "name                      东村卡口", "retired                   false");
        assertThat(console.runAfresh("devices", "list")).isZero();
        assertThat(console.out()).contains("dev-f-1", "dev-c-1", "CLINIC");
    }

    @Test
    void shouldRefuseAFileWithABadRowAndImportNoneOfIt() throws IOException {
        Path file = csv("half.csv", "dev-ok-2,CP-2,330106001002,C,0,GATE,\ndev-bad-2,CP-3,33010600100,C,0,GATE,\n");

        assertThat(console.runAfresh("devices", "import", file.toString())).isEqualTo(DevicesCommand.EXIT_REFUSED);
        assertThat(console.err()).contains("Nothing imported", "line 3: field 'villageCode' is not a 12-digit village code");

        assertThat(console.runAfresh("devices", "show", "dev-ok-2")).isEqualTo(DevicesCommand.EXIT_REFUSED);
        assertThat(console.err()).contains("No device dev-ok-2");
    }

    @Test
    void shouldRetireADeviceKeepItRetiredThroughAnImportAndReinstateIt() throws IOException {
        assertThat(console.runAfresh("devices", "import", csv("one.csv", "dev-r-3,CP-3,330106001003,C,0.1,GATE,West\n").toString())).isZero();

        assertThat(console.runAfresh("devices", "retire", "dev-r-3")).isZero();
        assertThat(console.runAfresh("devices", "show", "dev-r-3")).isZero();
        assertThat(console.out()).contains("retired                   true");

        assertThat(console.runAfresh("devices", "import", csv("renamed.csv", "dev-r-3,CP-3,330106001003,C,0.1,GATE,West gate\n").toString()))
                .isZero();
        assertThat(console.out()).contains("0 new, 1 updated, 0 unchanged");
        assertThat(console.runAfresh("devices", "show", "dev-r-3")).isZero();
        assertThat(console.out()).contains("West gate", "retired                   true");

        assertThat(console.runAfresh("devices", "reinstate", "dev-r-3")).isZero();
        assertThat(console.runAfresh("devices", "show", "dev-r-3")).isZero();
        assertThat(console.out()).contains("retired                   false");
        assertThat(console.runAfresh("devices", "retire", "no-such-device")).isEqualTo(DevicesCommand.EXIT_REFUSED);
    }
}
