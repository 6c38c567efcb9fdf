package io.gatewatch.app.cli;

import io.gatewatch.app.Lifecycle;
import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.DemoConfig;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.config.TopicsConfig;
import io.gatewatch.app.stack.DemoSummary;
import io.gatewatch.app.stack.LocalStack;
import io.gatewatch.app.stack.ProgressReporter;
import io.gatewatch.producers.sim.ScenarioConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatewatch demo}: the whole system in one JVM (see {@link LocalStack}), with a live
 * progress line, until Ctrl-C or {@code --duration}; then (for a bounded run) it waits for the
 * pipeline to catch up, prints and optionally writes the final figures, and closes everything in
 * reverse order.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole system in one JVM: embedded Kafka (KRaft) and PostgreSQL, GateWatch's topics, "
                + "a metrics endpoint, and the processes wired to them.",
                "Prints where everything listens, then a live progress line. Ctrl-C stops it cleanly."})
public final class DemoCommand extends ProcessCommand {
    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Run this long (e.g. 30s, 5m, 1h), then drain, summarise and stop. Default: until Ctrl-C.")
    Duration duration;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the broker log, database and state here; a restart with the same DIR resumes. Default: a fresh temporary directory, deleted on exit.")
    @Setting(DemoConfig.DATA_DIR)
    Path dataDir;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the final figures as JSON to FILE on exit.")
    @Setting(DemoConfig.SUMMARY_JSON)
    Path summaryJson;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of /metrics, /health, /ready (metrics.port; 0 = any free port).")
    @Setting(CommonConfig.METRICS_PORT)
    Integer metricsPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Port of the embedded broker (demo.kafka.port; default: any free port).")
    @Setting(DemoConfig.KAFKA_PORT)
    Integer kafkaPort;

    @Option(names = "--postgres-port", paramLabel = "PORT", description = "Port of the embedded PostgreSQL (demo.postgres.port; default: any free port).")
    @Setting(DemoConfig.POSTGRES_PORT)
    Integer postgresPort;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the high-volume topics (topics.partitions).")
    @Setting(TopicsConfig.PARTITIONS)
    Integer partitions;

    @Option(names = "--rate", paramLabel = "SCANS/S", description = "Mean scans per second the simulated gates send (demo.rate.scans.per.second).")
    @Setting(DemoConfig.RATE)
    Double rate;

    @Option(names = "--villages", paramLabel = "N", description = "Villages in the simulated county (sim.villages).")
    @Setting(ScenarioConfig.VILLAGES)
    Integer villages;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed of the simulated traffic (sim.seed).")
    @Setting(ScenarioConfig.SEED)
    Long seed;

    public DemoCommand() {
        super(ConfigCatalog.DEMO);
    }

    /** {@code --duration} takes a human duration (30s, 5m); the setting is in milliseconds. */
    @Override
    protected void putFlags(Map<String, String> flags) {
        super.putFlags(flags);
        putIfSet(flags, DemoConfig.DURATION_MS, duration == null ? null : duration.toMillis());
    }

    @Override
    protected int run(ResolvedConfig config) throws Exception {
        Duration runFor = Duration.ofMillis(config.getLong(DemoConfig.DURATION_MS));
        Lifecycle lifecycle = new Lifecycle(Duration.ofMillis(config.getLong(CommonConfig.SHUTDOWN_TIMEOUT_MS)));
        lifecycle.installShutdownHook();
        try {
            out().println("Starting GateWatch demo...");
            out().flush();
            LocalStack stack = LocalStack.start(config, lifecycle);
            out().print(stack.endpoints().render("GateWatch demo is running:"));
            out().println(runFor.isZero() ? "Press Ctrl-C to stop." : "Stopping after " + DurationFormat.of(runFor) + " (Ctrl-C stops earlier).");
            out().flush();

            boolean terminal = ProgressReporter.isTerminal();
            long interval = config.getLong(DemoConfig.PROGRESS_INTERVAL_MS);
            ProgressReporter progress = ProgressReporter.start(out(), terminal,
                    interval == 0 ? ProgressReporter.defaultInterval(terminal) : Duration.ofMillis(interval), stack::snapshot);
            boolean signalled;
            try {
                signalled = lifecycle.awaitStop(runFor);
            } finally {
                progress.close();
            }
            boolean bySignal = signalled && lifecycle.stoppedBySignal();
            stack.stopTraffic(Duration.ofSeconds(30));
            // a bounded run waits for the pipeline so the figures are final; Ctrl-C means "now"
            Duration drainTimeout = Duration.ofMillis(config.getLong(DemoConfig.DRAIN_TIMEOUT_MS));
            boolean drained = !bySignal && stack.drain(drainTimeout);
            if (drained) {
                // then stop what still emits on its own (windowed counts) and let the sink take the rest,
                // so the rows the summary counts are the rows the database keeps
                stack.stopStreams();
                drained = stack.drain(drainTimeout);
            }
            DemoSummary summary = stack.summary(bySignal ? "signal" : "duration", drained);
            printSummary(summary);
            String file = config.getString(DemoConfig.SUMMARY_JSON);
            if (!file.isBlank()) {
                summary.writeTo(Path.of(file));
                out().println("Summary written to " + Path.of(file).toAbsolutePath());
            }
            out().flush();
            return 0;
        } finally {
            lifecycle.close();
        }
    }

    private static String nonZero(Map<String, Long> figures) {
        Map<String, Long> shown = new java.util.TreeMap<>(figures);
        shown.values().removeIf(v -> v == 0);
        return shown.isEmpty() ? "none" : shown.toString();
    }

    private static String stored(long count) {
        return count < 0 ? "?" : String.format("%,d", count);
    }

    private void printSummary(DemoSummary s) {
        out().printf("This run (%s%s): scans produced %,d, processed %,d (duplicates %,d, late %,d).%n",
                DurationFormat.of(Duration.ofMillis(s.durationMs())), s.drained() ? ", pipeline drained" : "",
                s.scansProduced(), s.scansProcessed(), s.scansDuplicate(), s.scansLate());
        out().println("  Alerts by type:     " + nonZero(s.alertsByType()));
        out().println("  Rejected by reason: " + nonZero(s.rejectedByReason()));
        out().printf("  Simulator sent %,d records: %,d unique scans, %,d duplicates, %,d malformed; expected %,d fevers, %,d non-green, "
                + "%,d device faults.%n", s.expected().records(), s.expected().uniqueEvents(), s.expected().duplicates(),
                s.expected().malformed(), s.expected().fevers(), s.expected().nonGreen(), s.expected().deviceFaultScans());
        DemoSummary.Observation o = s.observation();
        out().printf("  Observation:        %,d under HOME, %,d under CENTRAL observation; breaches stored %s / simulator %,d; "
                + "missed check-ins (deadlines %s to %s) stored %s / simulator %,d.%n", o.home(), o.central(), stored(o.breachesStored()),
                o.breachesExpected(), o.checkinDeadlinesAfter(), o.checkinDeadlinesUpTo(), stored(o.missedCheckinsStored()),
                o.missedCheckinsExpected());
        DemoSummary.Cumulative all = s.cumulative();
        DemoSummary.Expected sum = all.expected();
        out().printf("All %d run%s on this data directory%s: simulators sent %,d records (%,d unique scans); expected %,d fevers, "
                + "%,d non-green, %,d device faults; stored alerts %s.%n", all.runs(), all.runs() == 1 ? "" : "s",
                all.exact() ? "" : " (an earlier run was killed: its ground truth is its last checkpoint, a lower bound)",
                sum.records(), sum.uniqueEvents(), sum.fevers(), sum.nonGreen(), sum.deviceFaultScans(), nonZero(all.storedAlertsByType()));
        out().println("  Rows by table:      " + (s.rowsByTable().isEmpty() ? "none" : s.rowsByTable()));
    }
}
