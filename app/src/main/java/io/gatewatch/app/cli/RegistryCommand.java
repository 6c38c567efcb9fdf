package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.registry.server.EmbeddedSchemaRegistryConfig;
import io.gatewatch.app.config.ConfigSources;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch registry}: GateWatch's own Confluent-compatible schema registry, for deployments without one. */
@Command(name = "registry", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a Confluent-compatible schema registry (the REST subset GateWatch's clients use), storing schemas in a "
                + "compacted Kafka topic so ids survive restarts. Loopback unless --host is set; TLS and BASIC or bearer authentication "
                + "by the registry.http.tls.* and registry.authentication.* settings.",
                "Production deployments may point schema.registry.url at Confluent Schema Registry, Apicurio or Karapace instead."})
public final class RegistryCommand extends ServiceCommand<Map<String, Object>> {
    private static final Pattern ENGINE_MESSAGE = Pattern.compile("Invalid value (.*) for configuration (\\S+): (.*)", Pattern.DOTALL);

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (registry.http.host), 127.0.0.1 unless set.")
    @Setting(ConfigCatalog.REGISTRY_PREFIX + EmbeddedSchemaRegistryConfig.HTTP_HOST)
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (registry.http.port), 8081 unless set; 0 for any free port.")
    @Setting(ConfigCatalog.REGISTRY_PREFIX + EmbeddedSchemaRegistryConfig.HTTP_PORT)
    String port;

    public RegistryCommand() {
        super(ConfigCatalog.REGISTRY, "registry", EngineConfigs::forEmbeddedRegistry);
    }

    @Override
    protected void validateEngine(ResolvedConfig config) {
        try {
            new EmbeddedSchemaRegistryConfig(EngineConfigs.forEmbeddedRegistry(config));
        } catch (ConfigException e) {
            throw new ConfigException(inCommandLineTerms(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The registry's own message ({@code Invalid value V for configuration K: why}) in the names a
     * user gives: {@code registry.K = V: why (environment variable GATEWATCH_REGISTRY_K)}.
     */
    static String inCommandLineTerms(String message) {
        Matcher matcher = ENGINE_MESSAGE.matcher(message);
        if (!matcher.matches()) {
            return message;
        }
        String key = ConfigCatalog.REGISTRY_PREFIX + matcher.group(2);
        return key + " = " + matcher.group(1) + ": " + matcher.group(3) + " (environment variable " + ConfigSources.envName(key) + ")";
    }

    @Override
    protected int serve(Map<String, Object> props, ProcessRuntime runtime) throws Exception {
        EmbeddedSchemaRegistry registry = runtime.lifecycle().register("schema registry", EmbeddedSchemaRegistry.start(props));
        return runtime.runUntilStopped(out(), "Schema registry serving " + registry.url() + ".");
    }
}
