package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.app.GatewatchCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gatewatch erase refuses what it cannot act on (exit 2) before it touches a database. */
class EraseCommandTest {
    private static final String NO_DATABASE = "jdbc:postgresql://127.0.0.1:1/none";
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> environment, String... args) {
        var cli = GatewatchCli.commandLine(environment);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void shouldRequireAPerson() {
        assertThat(run("erase", "--jdbc-url", NO_DATABASE)).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--person-id", "--person-token");
    }

    @Test
    void shouldRefuseAnIdAndATokenTogether() {
        assertThat(run("erase", "--person-id", "330106199001011234", "--person-token", "x".repeat(43), "--jdbc-url", NO_DATABASE))
                .isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void shouldNeedTheSecretToEraseByIdentityNumber() {
        assertThat(run("erase", "--person-id", "330106199001011234", "--jdbc-url", NO_DATABASE)).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("pseudonym.secret").doesNotContain("330106199001011234");
    }

    @Test
    void shouldRefuseASecretTooShortWithoutEchoingTheIdentity() {
        assertThat(run(Map.of("GATEWATCH_PSEUDONYM_SECRET", "short"), "erase", "--person-id", "330106199001011234",
                "--jdbc-url", NO_DATABASE)).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("at least 16 bytes").doesNotContain("330106199001011234");
    }

    @Test
    void shouldRefuseSomethingThatIsNotAToken() {
        assertThat(run("erase", "--person-token", "330106199001011234", "--jdbc-url", NO_DATABASE)).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("not a person token").doesNotContain("330106199001011234");
    }
}
