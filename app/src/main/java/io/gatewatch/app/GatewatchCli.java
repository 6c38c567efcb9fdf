package io.gatewatch.app;

import io.gatewatch.app.cli.AreasCommand;
import io.gatewatch.app.cli.ConfigCommand;
import io.gatewatch.app.cli.DemoCommand;
import io.gatewatch.app.cli.DevicesCommand;
import io.gatewatch.app.cli.EraseCommand;
import io.gatewatch.app.cli.IngestCommand;
import io.gatewatch.app.cli.MqttBridgeCommand;
import io.gatewatch.app.cli.ObservationCommand;
import io.gatewatch.app.cli.RegistryCommand;
import io.gatewatch.app.cli.ReportCommand;
import io.gatewatch.app.cli.SimulateCommand;
import io.gatewatch.app.cli.SinkCommand;
import io.gatewatch.app.cli.StreamsCommand;
import io.gatewatch.app.cli.SubscribeCommand;
import io.gatewatch.app.cli.WebhookCommand;
import io.gatewatch.app.cli.TopicsCommand;
import io.gatewatch.app.config.ConfigProblemsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code gatewatch} command: one subcommand per process. Exit codes: 0 success,
 * 1 failure at run time, 2 bad usage or bad configuration (the message names the key).
 */
@Command(name = "gatewatch", mixinStandardHelpOptions = true, versionProvider = GatewatchCli.Version.class,
        description = {"Checkpoint screening telemetry: scans in, alerts and counts out.",
                "Settings: flags > environment (GATEWATCH_*) > --config FILE > defaults; see docs/CONFIG.md."},
        subcommands = {DemoCommand.class, StreamsCommand.class, SinkCommand.class, SimulateCommand.class, IngestCommand.class, MqttBridgeCommand.class,
                SubscribeCommand.class,
                WebhookCommand.class, ReportCommand.class, ObservationCommand.class, RegistryCommand.class, TopicsCommand.class,
                DevicesCommand.class, AreasCommand.class, EraseCommand.class,
                ConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class GatewatchCli implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    private static final Logger LOG = LoggerFactory.getLogger(GatewatchCli.class);

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    public GatewatchCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        int code = commandLine(System.getenv()).execute(args);
        System.exit(code);
    }

    /** The configured command line; {@code environment} stands in for {@link System#getenv()} (tests pass their own). */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cli = new CommandLine(new GatewatchCli(environment));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            ConfigException config = findConfigException(e);
            if (config instanceof ConfigProblemsException problems) {
                problems.problems().forEach(p -> err.println("Configuration error: " + p));
                err.flush();
                return EXIT_USAGE;
            }
            if (config != null) {
                err.println("Configuration error: " + config.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            // one line on the console; the stack trace is for whoever turns on DEBUG (-s log.level=DEBUG)
            LOG.debug("gatewatch {} failed", commandLine.getCommandName(), e);
            err.println("gatewatch " + commandLine.getCommandName() + " failed: " + causes(e)
                    + " (stack trace with -s log.level=DEBUG)");
            err.flush();
            return EXIT_FAILURE;
        });
        return cli;
    }

    /** The messages of {@code e} and its causes, each once, joined: the reason is often two causes down. */
    static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        String last = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (last == null || !last.contains(message)) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
            last = message;
        }
        return text.toString();
    }

    private static ConfigException findConfigException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        return null;
    }

    /** The root command of a subcommand's spec (to reach the environment). */
    public static GatewatchCli of(CommandSpec spec) {
        return (GatewatchCli) spec.root().userObject();
    }

    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the build (a filtered resource), so it is right in tests and in the shaded jar alike. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties props = new Properties();
            try (InputStream in = GatewatchCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    props.load(in);
                }
            } catch (IOException e) {
                // fall through to "unknown": a version string is not worth failing over
            }
            return new String[] {"gatewatch " + props.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
