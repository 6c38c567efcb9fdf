package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.producers.mqtt.MqttBridge;
import io.gatewatch.producers.mqtt.MqttBridgeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch mqtt-bridge}: gate devices speaking MQTT, into Kafka. */
@Command(name = "mqtt-bridge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Subscribe to gate devices' MQTT topics (QoS 1), validate the JSON scans and produce them to Kafka; "
                + "a message is acknowledged only after Kafka acknowledged it. See producers/INGEST.md."})
public final class MqttBridgeCommand extends ServiceCommand<MqttBridgeConfig> {
    @Option(names = "--mqtt-server", paramLabel = "URI,...", description = "MQTT broker URI(s), e.g. tcp://mosquitto:1883 (mqtt.server.uris).")
    @Setting(MqttBridgeConfig.SERVER_URIS)
    String serverUris;

    public MqttBridgeCommand() {
        super(ConfigCatalog.MQTT_BRIDGE, "mqtt-bridge", config -> new MqttBridgeConfig(EngineConfigs.forProducerEngine(config)));
    }

    @Override
    protected int serve(MqttBridgeConfig bridgeConfig, ProcessRuntime runtime) throws Exception {
        MqttBridge bridge = runtime.lifecycle().register("mqtt bridge", MqttBridge.start(bridgeConfig, runtime.metrics().registry()));
        runtime.health().addReadinessCheck("mqtt-bridge", bridge::isReady);
        return runtime.runUntilStopped(out(), "MQTT bridge subscribed to " + bridgeConfig.topicFilters() + " on "
                + bridgeConfig.serverUris() + ".");
    }
}
