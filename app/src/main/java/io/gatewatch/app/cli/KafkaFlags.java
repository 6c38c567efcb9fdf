package io.gatewatch.app.cli;

import io.gatewatch.app.config.CommonConfig;
import picocli.CommandLine.Option;

/** Flags naming the Kafka brokers and the schema registry, as a mixin: for every command that reads or writes topics. */
public final class KafkaFlags {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka brokers (kafka.bootstrap.servers).")
    @Setting(CommonConfig.KAFKA_BOOTSTRAP_SERVERS)
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL,...", description = "Schema registry URL(s) (schema.registry.url).")
    @Setting(CommonConfig.SCHEMA_REGISTRY_URL)
    String registryUrl;
}
