package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.producers.http.HttpIngestConfig;
import io.gatewatch.producers.http.HttpIngestServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch ingest}: the HTTP ingest for phone apps, clinics, pharmacies and staff systems. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Accept JSON scans over HTTP (POST /v1/scans, /v1/scans:batch) and produce them to Kafka; 202 only after Kafka acknowledged.",
                "Clients: http.clients=<id>,... with http.client.<id>.token and http.client.<id>.sources. See producers/INGEST.md."})
public final class IngestCommand extends ServiceCommand<HttpIngestConfig> {
    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (http.port).")
    @Setting(HttpIngestConfig.PORT)
    Integer port;

    public IngestCommand() {
        super(ConfigCatalog.INGEST, "ingest", config -> new HttpIngestConfig(EngineConfigs.forProducerEngine(config)));
    }

    @Override
    protected int serve(HttpIngestConfig ingestConfig, ProcessRuntime runtime) throws Exception {
        HttpIngestServer server = runtime.lifecycle().register("http ingest", HttpIngestServer.start(ingestConfig, runtime.metrics().registry()));
        runtime.health().addReadinessCheck("http-ingest", server::isReady);
        return runtime.runUntilStopped(out(), "HTTP ingest listening on " + server.uri() + HttpIngestServer.SCANS_PATH + ".");
    }
}
