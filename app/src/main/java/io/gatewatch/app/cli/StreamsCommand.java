package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.config.StreamsAppConfig;
import io.gatewatch.app.stack.StreamsApps;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch streams}: the screening and counts topologies as Kafka Streams applications. */
@Command(name = "streams", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the screening topology (validate, de-duplicate, enrich, classify, alert) and the counts topology "
                + "(hourly and local-day figures per area), exactly-once by default.",
                "Scale out by starting more instances with the same application ids (up to the partition count); a client that "
                        + "dies stops the process with exit code 1."})
public final class StreamsCommand extends KafkaCommand {
    @Option(names = "--topologies", paramLabel = "NAME,...", description = "screening, counts or both (streams.topologies).")
    String topologies;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Local state stores (streams.state.dir).")
    String stateDir;

    @Option(names = "--threads", paramLabel = "N", description = "Stream threads per topology (streams.num.stream.threads).")
    Integer threads;

    @Override
    protected String configScope() {
        return ConfigCatalog.STREAMS;
    }

    @Override
    protected void putFlags(Map<String, String> flags) {
        super.putFlags(flags);
        putIfSet(flags, StreamsAppConfig.TOPOLOGIES, topologies);
        putIfSet(flags, "streams.state.dir", stateDir);
        putIfSet(flags, "streams.num.stream.threads", threads);
    }

    @Override
    protected void validateEngine(ResolvedConfig config) {
        StreamsApps.validate(config);
    }

    @Override
    protected int run(ResolvedConfig config) throws Exception {
        ProcessRuntime runtime = ProcessRuntime.start("streams", config);
        try {
            List<StreamsApps.Started> apps = StreamsApps.start(config, runtime.metrics(), runtime.health(), runtime.lifecycle(), null,
                    () -> runtime.fail("a Kafka Streams application failed"));
            return runtime.runUntilStopped(out(), "Running " + apps.stream().map(a -> a.topology() + " (" + a.applicationId() + ")")
                    .collect(Collectors.joining(", ")) + ".");
        } finally {
            runtime.close();
        }
    }
}
