package io.gatewatch.app.cli;

import io.gatewatch.app.GatewatchCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The {@code gatewatch} command line run in-process as a user would run it from a terminal: with
 * the environment a test gives (read at each run, so it may name a broker that starts later), and
 * what the runs print kept until {@link #clear}.
 */
final class CliConsole {
    private final Supplier<Map<String, String>> environment;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    CliConsole(Supplier<Map<String, String>> environment) {
        this.environment = environment;
    }

    /** Runs {@code gatewatch args...}; returns its exit code. */
    int run(String... args) {
        CommandLine cli = GatewatchCli.commandLine(environment.get());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Runs {@code gatewatch args...} with what earlier runs printed forgotten; returns its exit code. */
    int runAfresh(String... args) {
        clear();
        return run(args);
    }

    /**
     * Creates GateWatch's topics with two partitions, as an operator's first step before the
     * command under test; fails with what the CLI printed if it cannot.
     */
    void createTopics() {
        if (run("topics", "create", "--partitions", "2") != 0) {
            throw new IllegalStateException("gatewatch topics create failed: " + err);
        }
    }

    /** Forgets what earlier runs printed. */
    void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    /** What the runs since the last {@link #clear} printed on standard output. */
    String out() {
        return out.toString();
    }

    /** What the runs since the last {@link #clear} printed on standard error. */
    String err() {
        return err.toString();
    }
}
