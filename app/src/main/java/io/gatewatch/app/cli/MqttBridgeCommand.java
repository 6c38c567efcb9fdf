package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.producers.mqtt.MqttBridge;
import io.gatewatch.producers.mqtt.MqttBridgeConfig;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch mqtt-bridge}: gate devices speaking MQTT, into Kafka. */
@Command(name = "mqtt-bridge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Subscribe to gate devices' MQTT topics (QoS 1), validate the JSON scans and produce them to Kafka; "
                + "a message is acknowledged only after Kafka acknowledged it. See producers/INGEST.md."})
public final class MqttBridgeCommand extends KafkaCommand {
    @Option(names = "--mqtt-server", paramLabel = "URI,...", description = "MQTT broker URI(s), e.g. tcp://mosquitto:1883 (mqtt.server.uris).")
    String serverUris;

    @Override
    protected String configScope() {
        return ConfigCatalog.MQTT_BRIDGE;
    }

    @Override
    protected void putFlags(Map<String, String> flags) {
        super.putFlags(flags);
        putIfSet(flags, MqttBridgeConfig.SERVER_URIS, serverUris);
    }

    @Override
    protected void validateEngine(ResolvedConfig config) {
        new MqttBridgeConfig(EngineConfigs.forProducerEngine(config));
    }

    @Override
    protected int run(ResolvedConfig config) throws Exception {
        MqttBridgeConfig bridgeConfig = new MqttBridgeConfig(EngineConfigs.forProducerEngine(config));
        ProcessRuntime runtime = ProcessRuntime.start("mqtt-bridge", config);
        try {
            MqttBridge bridge = runtime.lifecycle().register("mqtt bridge", MqttBridge.start(bridgeConfig, runtime.metrics().registry()));
            runtime.health().addReadinessCheck("mqtt-bridge", bridge::isReady);
            return runtime.runUntilStopped(out(), "MQTT bridge subscribed to " + bridgeConfig.topicFilters() + " on "
                    + bridgeConfig.serverUris() + ".");
        } finally {
            runtime.close();
        }
    }
}
