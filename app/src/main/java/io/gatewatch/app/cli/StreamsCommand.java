package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.config.StreamsAppConfig;
import io.gatewatch.app.stack.StreamsApps;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch streams}: the screening and counts topologies as Kafka Streams applications. */
@Command(name = "streams", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the screening topology (validate, de-duplicate, enrich, classify, alert) and the counts topology "
                + "(hourly and local-day figures per area), exactly-once by default.",
                "Scale out by starting more instances with the same application ids (up to the partition count); a client that "
                        + "dies stops the process with exit code 1."})
public final class StreamsCommand extends ServiceCommand<ResolvedConfig> {
    @Option(names = "--topologies", paramLabel = "NAME,...", description = "screening, counts or both (streams.topologies).")
    @Setting(StreamsAppConfig.TOPOLOGIES)
    String topologies;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Local state stores (streams.state.dir).")
    @Setting("streams.state.dir")
    String stateDir;

    @Option(names = "--threads", paramLabel = "N", description = "Stream threads per topology (streams.num.stream.threads).")
    @Setting("streams.num.stream.threads")
    Integer threads;

    /** The engines' configuration is the resolved one: {@link StreamsApps} builds each topology's from it. */
    public StreamsCommand() {
        super(ConfigCatalog.STREAMS, "streams", StreamsCommand::validated);
    }

    private static ResolvedConfig validated(ResolvedConfig config) {
        StreamsApps.validate(config);
        return config;
    }

    @Override
    protected int serve(ResolvedConfig config, ProcessRuntime runtime) throws Exception {
        List<StreamsApps.Started> apps = StreamsApps.start(config, runtime.metrics(), runtime.health(), runtime.lifecycle(), null,
                () -> runtime.fail("a Kafka Streams application failed"));
        return runtime.runUntilStopped(out(), "Running " + apps.stream().map(a -> a.topology() + " (" + a.applicationId() + ")")
                .collect(Collectors.joining(", ")) + ".");
    }
}
