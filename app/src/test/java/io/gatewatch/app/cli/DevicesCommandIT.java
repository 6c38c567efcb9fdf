package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.app.GatewatchCli;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void createTopics() {
        assertThat(cli(new StringWriter(), new StringWriter()).execute("topics", "create", "--partitions", "2")).isZero();
    }

    private static picocli.CommandLine cli(StringWriter out, StringWriter err) {
        var cli = GatewatchCli.commandLine(Map.of("GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "GATEWATCH_SCHEMA_REGISTRY_URL", "mock://devices-command-it"));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return cli(out, err).execute(args);
    }

    private Path csv(String name, String rows) throws IOException {
        return Files.writeString(dir.resolve(name), HEADER + rows, StandardCharsets.UTF_8);
    }

    @Test
    void shouldImportAFahrenheitGateOnceAndFindNothingToChangeOnReimport() throws IOException {
        Path file = csv("gates.csv", "dev-f-1,CP-EAST,330106001001,F,0.0,GATE,东村卡口\ndev-c-1,CL-1,330106001001,C,,CLINIC,\n");

        assertThat(run("devices", "import", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 devices in", "2 new, 0 updated, 0 unchanged");

        assertThat(run("devices", "import", file.toString())).isZero();
        assertThat(out.toString()).contains("0 new, 0 updated, 2 unchanged");

        assertThat(run("devices", "show", "dev-f-1")).isZero();
        assertThat(out.toString()).contains("checkpointId              CP-EAST", "unit                      F", "kind                      GATE",
                "name                      东村卡口", "retired                   false");
        assertThat(run("devices", "list")).isZero();
        assertThat(out.toString()).contains("dev-f-1", "dev-c-1", "CLINIC");
    }

    @Test
    void shouldRefuseAFileWithABadRowAndImportNoneOfIt() throws IOException {
        Path file = csv("half.csv", "dev-ok-2,CP-2,330106001002,C,0,GATE,\ndev-bad-2,CP-3,33010600100,C,0,GATE,\n");

        assertThat(run("devices", "import", file.toString())).isEqualTo(DevicesCommand.EXIT_REFUSED);
        assertThat(err.toString()).contains("Nothing imported", "line 3: field 'villageCode' is not a 12-digit village code");

        assertThat(run("devices", "show", "dev-ok-2")).isEqualTo(DevicesCommand.EXIT_REFUSED);
        assertThat(err.toString()).contains("No device dev-ok-2");
    }

    @Test
    void shouldRetireADeviceKeepItRetiredThroughAnImportAndReinstateIt() throws IOException {
        assertThat(run("devices", "import", csv("one.csv", "dev-r-3,CP-3,330106001003,C,0.1,GATE,West\n").toString())).isZero();

        assertThat(run("devices", "retire", "dev-r-3")).isZero();
        assertThat(run("devices", "show", "dev-r-3")).isZero();
        assertThat(out.toString()).contains("retired                   true");

        assertThat(run("devices", "import", csv("renamed.csv", "dev-r-3,CP-3,330106001003,C,0.1,GATE,West gate\n").toString()))
                .isZero();
        assertThat(out.toString()).contains("0 new, 1 updated, 0 unchanged");
        assertThat(run("devices", "show", "dev-r-3")).isZero();
        assertThat(out.toString()).contains("West gate", "retired                   true");

        assertThat(run("devices", "reinstate", "dev-r-3")).isZero();
        assertThat(run("devices", "show", "dev-r-3")).isZero();
        assertThat(out.toString()).contains("retired                   false");
        assertThat(run("devices", "retire", "no-such-device")).isEqualTo(DevicesCommand.EXIT_REFUSED);
    }
}
