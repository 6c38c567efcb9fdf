package io.gatewatch.registry;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Creates the registry client a configuration asks for. */
public final class SchemaRegistryClients {
    public static final String URL = "schema.registry.url";
    public static final String MOCK_SCHEME = "mock://";

    private SchemaRegistryClients() {}

    /**
     * {@code mock://<scope>} gives the in-JVM registry of that scope; http(s) URLs give the caching
     * HTTP client (settings documented on {@link RegistryClientConfig}).
     */
    public static SchemaRegistryClient create(Map<String, ?> configs) {
        Object url = configs.get(URL);
        if (url == null) {
            throw new ConfigException(URL, null, "a schema registry URL is required");
        }
        List<String> urls = url instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : List.of(url.toString().split("\\s*,\\s*"));
        if (urls.size() == 1 && urls.get(0).startsWith(MOCK_SCHEME)) {
            return InMemorySchemaRegistryClient.forScope(urls.get(0).substring(MOCK_SCHEME.length()));
        }
        return new CachedSchemaRegistryClient(new RegistryClientConfig(configs));
    }
}
