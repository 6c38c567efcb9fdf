package io.gatewatch.app.cli;

import io.gatewatch.app.config.CommonConfig;
import picocli.CommandLine.Option;

/** Flags for the settings nearly every process needs, as a mixin. */
public final class CommonFlags {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka brokers (kafka.bootstrap.servers).")
    @Setting(CommonConfig.KAFKA_BOOTSTRAP_SERVERS)
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL,...", description = "Schema registry URL(s) (schema.registry.url).")
    @Setting(CommonConfig.SCHEMA_REGISTRY_URL)
    String registryUrl;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of /metrics, /health, /ready (metrics.port; 0 = any free port).")
    @Setting(CommonConfig.METRICS_PORT)
    Integer metricsPort;
}
