package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.registry.server.EmbeddedSchemaRegistryConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatewatch registry}: GateWatch's own Confluent-compatible schema registry, for deployments without one. */
@Command(name = "registry", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a Confluent-compatible schema registry (the REST subset GateWatch's clients use), storing schemas in a "
                + "compacted Kafka topic so ids survive restarts. No authentication: keep it on a trusted network.",
                "Production deployments may point schema.registry.url at Confluent Schema Registry, Apicurio or Karapace instead."})
public final class RegistryCommand extends ProcessCommand {
    @Mixin
    CommonFlags common;

    @Option(names = "--listeners", paramLabel = "URL", description = "http://host:port to serve on (registry.listeners), e.g. http://0.0.0.0:8081.")
    String listeners;

    @Override
    protected String configScope() {
        return ConfigCatalog.REGISTRY;
    }

    @Override
    protected Map<String, String> namedFlags() {
        Map<String, String> flags = new LinkedHashMap<>();
        common.putInto(flags);
        putIfSet(flags, ConfigCatalog.REGISTRY_PREFIX + EmbeddedSchemaRegistryConfig.LISTENERS, listeners);
        return flags;
    }

    @Override
    protected void validateEngine(ResolvedConfig config) {
        new EmbeddedSchemaRegistryConfig(EngineConfigs.forEmbeddedRegistry(config));
    }

    @Override
    protected int run(ResolvedConfig config) throws Exception {
        Map<String, Object> props = EngineConfigs.forEmbeddedRegistry(config);
        ProcessRuntime runtime = ProcessRuntime.start("registry", config);
        try {
            EmbeddedSchemaRegistry registry = runtime.lifecycle().register("schema registry", EmbeddedSchemaRegistry.start(props));
            return runtime.runUntilStopped(out(), "Schema registry serving " + registry.url() + ".");
        } finally {
            runtime.close();
        }
    }
}
