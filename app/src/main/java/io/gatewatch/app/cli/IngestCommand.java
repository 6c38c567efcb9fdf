package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.producers.http.HttpIngestConfig;
import io.gatewatch.producers.http.HttpIngestServer;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch ingest}: the HTTP ingest for phone apps, clinics, pharmacies and staff systems. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Accept JSON scans over HTTP (POST /v1/scans, /v1/scans:batch) and produce them to Kafka; 202 only after Kafka acknowledged.",
                "Clients: http.clients=<id>,... with http.client.<id>.token and http.client.<id>.sources. See producers/INGEST.md."})
public final class IngestCommand extends KafkaCommand {
    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (http.port).")
    Integer port;

    @Override
    protected String configScope() {
        return ConfigCatalog.INGEST;
    }

    @Override
    protected void putFlags(Map<String, String> flags) {
        super.putFlags(flags);
        putIfSet(flags, HttpIngestConfig.PORT, port);
    }

    @Override
    protected void validateEngine(ResolvedConfig config) {
        new HttpIngestConfig(EngineConfigs.forProducerEngine(config));
    }

    @Override
    protected int run(ResolvedConfig config) throws Exception {
        HttpIngestConfig ingestConfig = new HttpIngestConfig(EngineConfigs.forProducerEngine(config));
        ProcessRuntime runtime = ProcessRuntime.start("ingest", config);
        try {
            HttpIngestServer server = runtime.lifecycle().register("http ingest", HttpIngestServer.start(ingestConfig, runtime.metrics().registry()));
            runtime.health().addReadinessCheck("http-ingest", server::isReady);
            return runtime.runUntilStopped(out(), "HTTP ingest listening on " + server.uri() + HttpIngestServer.SCANS_PATH + ".");
        } finally {
            runtime.close();
        }
    }
}
