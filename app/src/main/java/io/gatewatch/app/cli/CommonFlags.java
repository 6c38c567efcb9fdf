package io.gatewatch.app.cli;

import io.gatewatch.app.config.CommonConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/** Flags for the settings nearly every process needs, as a mixin. */
public final class CommonFlags {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka brokers (kafka.bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL,...", description = "Schema registry URL(s) (schema.registry.url).")
    String registryUrl;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of /metrics, /health, /ready (metrics.port; 0 = any free port).")
    Integer metricsPort;

    void putInto(Map<String, String> flags) {
        ProcessCommand.putIfSet(flags, CommonConfig.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        ProcessCommand.putIfSet(flags, CommonConfig.SCHEMA_REGISTRY_URL, registryUrl);
        ProcessCommand.putIfSet(flags, CommonConfig.METRICS_PORT, metricsPort);
    }
}
