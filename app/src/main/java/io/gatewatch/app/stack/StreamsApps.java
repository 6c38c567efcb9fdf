package io.gatewatch.app.stack;

import io.gatewatch.app.Lifecycle;
import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.config.StreamsAppConfig;
import io.gatewatch.app.metrics.Health;
import io.gatewatch.app.metrics.ProcessMetrics;
import io.gatewatch.app.monitor.DeviceSilenceMonitor;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.streams.common.StreamsSettings;
import io.gatewatch.streams.counts.CountsConfig;
import io.gatewatch.streams.counts.CountsSerdes;
import io.gatewatch.streams.counts.CountsTopology;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.streams.screening.ScreeningSerdes;
import io.gatewatch.streams.screening.ScreeningTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.Topology;

/**
 * Wiring of the pure topologies into running Kafka Streams applications: settings from the
 * application's configuration, one registry client and its Avro serdes, the process's meter
 * registry, and a {@link StreamsRunner} per topology registered with the {@link Lifecycle}.
 * Used by {@code gatewatch streams} and the demo alike, so both run the same thing.
 */
public final class StreamsApps {
    private StreamsApps() {}

    /** An application started: its topology name and application id (its consumer group). */
    public record Started(String topology, String applicationId, StreamsRunner runner) {}

    /**
     * Starts every topology in {@code streams.topologies}. {@code stateDir} overrides
     * {@code streams.state.dir} when not null (the demo keeps state under its data directory).
     */
    public static List<Started> start(ResolvedConfig config, ProcessMetrics metrics, Health health, Lifecycle lifecycle,
                                      String stateDir, Runnable onFailure) {
        Map<String, Object> serdeConfig = config.registryClient();
        SchemaRegistryClient registry = SchemaRegistryClients.create(serdeConfig);
        lifecycle.register("streams registry client", registry::close);
        Duration closeTimeout = Duration.ofMillis(config.getLong(CommonConfig.SHUTDOWN_TIMEOUT_MS));
        if (config.getBoolean(ConfigCatalog.DEVICES_SILENCE_ENABLED)) {
            lifecycle.register("device silence monitor", DeviceSilenceMonitor.start(KafkaClients.consumer(config), registry, serdeConfig,
                    metrics.meterRegistry(), Duration.ofMillis(config.getLong(ConfigCatalog.DEVICES_SILENCE_THRESHOLD_MS))));
        }
        List<Started> started = new ArrayList<>();
        for (String name : config.getList(StreamsAppConfig.TOPOLOGIES)) {
            if (StreamsAppConfig.SCREENING.equals(name) && new ScreeningConfig(config.originals()).observationEnabled()) {
                ObservationLayout.require(KafkaClients.admin(config));
            }
            String applicationId = config.getString(StreamsAppConfig.COUNTS.equals(name)
                    ? StreamsAppConfig.COUNTS_APPLICATION_ID : StreamsAppConfig.SCREENING_APPLICATION_ID);
            Properties props = properties(config, applicationId, stateDir, metrics.meterRegistry());
            if (StreamsAppConfig.COUNTS.equals(name)) {
                props = new CountsConfig(config.originals()).streamsProperties(props);
            }
            Topology topology = topology(name, config, registry, serdeConfig, metrics.meterRegistry(), props);
            StreamsRunner runner = lifecycle.register("streams " + name,
                    StreamsRunner.start(name, topology, props, metrics, health, closeTimeout, onFailure));
            started.add(new Started(name, applicationId, runner));
        }
        return started;
    }

    /**
     * Validates what {@link #start} would build, without starting anything: the runtime settings
     * and each topology's own configuration.
     */
    public static void validate(ResolvedConfig config) {
        new StreamsSettings(settings(config, "validation", null));
        new ScreeningConfig(config.originals());
        new CountsConfig(config.originals());
    }

    private static Topology topology(String name, ResolvedConfig config, SchemaRegistryClient registry, Map<String, Object> serdeConfig,
                                     MeterRegistry meters, Properties props) {
        return switch (name) {
            case StreamsAppConfig.SCREENING -> ScreeningTopology.build(new ScreeningConfig(config.originals()),
                    ScreeningSerdes.avro(registry, serdeConfig), meters, props);
            case StreamsAppConfig.COUNTS -> CountsTopology.build(new CountsConfig(config.originals()),
                    CountsSerdes.avro(registry, serdeConfig), meters, props);
            default -> throw new IllegalArgumentException("Unknown topology " + name);
        };
    }

    static Properties properties(ResolvedConfig config, String applicationId, String stateDir, MeterRegistry meters) {
        return new StreamsSettings(settings(config, applicationId, stateDir)).toStreamsProperties(meters);
    }

    /** StreamsSettings' input: its keys (from streams.*), the application id and brokers, raw kafka.* as they are. */
    private static Map<String, Object> settings(ResolvedConfig config, String applicationId, String stateDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.putAll(EngineConfigs.passthrough(config));
        ConfigCatalog.section(ConfigCatalog.STREAMS_SECTION).engineSettings(config.originals()).forEach((k, v) -> {
            if (!StreamsAppConfig.OWN_KEYS.contains(k)) {
                settings.put(k, v);
            }
        });
        settings.put(StreamsSettings.APPLICATION_ID, applicationId);
        settings.put(StreamsSettings.BOOTSTRAP_SERVERS, config.bootstrapServers());
        if (stateDir != null) {
            settings.put(StreamsSettings.STATE_DIR, stateDir);
        }
        return settings;
    }
}
