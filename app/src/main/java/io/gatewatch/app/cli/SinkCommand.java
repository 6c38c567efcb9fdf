package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.sinks.jdbc.PostgresSink;
import io.gatewatch.sinks.jdbc.RetentionPurger;
import io.gatewatch.sinks.jdbc.SinkConfig;
import io.gatewatch.sinks.jdbc.SinkState;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch sink}: GateWatch's outputs into PostgreSQL, exactly-once in effect. */
@Command(name = "sink", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Store alerts, counts, rejected/late-scan summaries and device registrations in PostgreSQL; offsets are "
                + "committed in the same database transaction as the rows. Scale out with more instances in one sink.group.id.",
                "Rows older than sink.retention.*.days are deleted every sink.retention.purge.interval.ms (docs/PRIVACY.md).",
                "A sink that exhausts its database retries stops with exit code 1 (gatewatch_sink_failed = 1 until then)."})
public final class SinkCommand extends ServiceCommand<SinkConfig> {
    @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL JDBC URL (sink.jdbc.url).")
    @Setting("sink." + SinkConfig.JDBC_URL)
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "Database user (sink.jdbc.user); the password only from the environment or a file.")
    @Setting("sink." + SinkConfig.JDBC_USER)
    String jdbcUser;

    public SinkCommand() {
        super(ConfigCatalog.SINK, "sink", config -> new SinkConfig(EngineConfigs.forConsumerEngine(config, ConfigCatalog.SINK_SECTION)));
    }

    @Override
    protected int serve(SinkConfig sinkConfig, ProcessRuntime runtime) throws Exception {
        PostgresSink sink = runtime.lifecycle().register("postgres sink", new PostgresSink(sinkConfig, runtime.metrics().registry()).start());
        watch(runtime, sink);
        runtime.lifecycle().register("retention purger",
                RetentionPurger.forSink(sinkConfig, runtime.metrics().registry()).start(sinkConfig.retentionPurgeInterval()));
        return runtime.runUntilStopped(out(), "Sink writing " + sinkConfig.topics().size() + " topics to PostgreSQL as group "
                + sinkConfig.groupId() + ".");
    }

    /** Registers the sink's health, and stops the process (exit 1) if the sink stops on its own. */
    static void watch(ProcessRuntime runtime, PostgresSink sink) {
        runtime.health().addLivenessCheck("postgres-sink", () -> sink.health().isHealthy());
        runtime.health().addReadinessCheck("postgres-sink", () -> sink.health().state() == SinkState.RUNNING);
        runtime.failWhenStopped("sink", () -> sink.awaitTermination(Duration.ofDays(3650)),
                () -> sink.health().state() == SinkState.FAILED ? "the PostgreSQL sink failed: " + sink.health().lastError() : null);
    }
}
