package io.gatewatch.app.cli;

import io.gatewatch.app.config.CommonConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags for the settings nearly every process needs, as a mixin: the {@link KafkaFlags} and the metrics port. */
public final class CommonFlags {
    @Mixin
    KafkaFlags kafka;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of /metrics, /health, /ready (metrics.port; 0 = any free port).")
    @Setting(CommonConfig.METRICS_PORT)
    Integer metricsPort;
}
