package io.gatewatch.producers.mqtt;

import io.gatewatch.config.Validators;
import io.gatewatch.producers.json.IngestCommonConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.eclipse.paho.client.mqttv3.MqttTopic;

/**
 * Settings of the {@link MqttBridge}, defined once with type, default, validator and doc; bad
 * values fail at construction with the key named. Shares {@code bootstrap.servers},
 * {@code schema.registry.url}, {@code pseudonym.secret} and {@code producer.*} with the HTTP ingest.
 */
public final class MqttBridgeConfig extends AbstractConfig {
    public static final String SERVER_URIS = "mqtt.server.uris";
    public static final String CLIENT_ID = "mqtt.client.id";
    public static final String TOPIC_FILTERS = "mqtt.topic.filters";
    public static final String USERNAME = "mqtt.username";
    public static final String PASSWORD = "mqtt.password";
    public static final String CLEAN_SESSION = "mqtt.clean.session";
    public static final String KEEPALIVE_SECONDS = "mqtt.keepalive.seconds";
    public static final String CONNECT_TIMEOUT_SECONDS = "mqtt.connect.timeout.seconds";
    public static final String RECONNECT_MAX_DELAY_MS = "mqtt.reconnect.max.delay.ms";
    public static final String MAX_INFLIGHT_MESSAGES = "mqtt.max.inflight.messages";
    public static final String MAX_PAYLOAD_BYTES = "mqtt.max.payload.bytes";
    public static final String KAFKA_RETRY_BACKOFF_MS = "mqtt.kafka.retry.backoff.ms";
    public static final String CLOSE_TIMEOUT_MS = "mqtt.close.timeout.ms";
    public static final String UNACKED_MAX_AGE_MS = "mqtt.unacked.max.age.ms";

    private static final ConfigDef DEF = IngestCommonConfig.define(new ConfigDef()
            .define(SERVER_URIS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Validators.nonEmptyList(), Importance.HIGH,
                    "MQTT broker URIs (tcp://host:1883, ssl://host:8883), tried in order.")
            .define(CLIENT_ID, Type.STRING, "gatewatch-mqtt-bridge", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "MQTT client id. Keep it stable: with a persistent session the broker keeps unacknowledged messages "
                            + "for this id while the bridge is away.")
            .define(TOPIC_FILTERS, Type.LIST, "gatewatch/+/scans", new TopicFilters(), Importance.HIGH,
                    "Topic filters to subscribe to at QoS 1 (wildcards + and # allowed).")
            .define(USERNAME, Type.STRING, null, Importance.MEDIUM, "MQTT user name, if the broker wants one.")
            .define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "MQTT password. Never logged.")
            .define(CLEAN_SESSION, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Start a clean session on connect. Leave false: only a persistent session lets the broker redeliver "
                            + "messages the bridge had not yet acknowledged (not yet on Kafka) when it went away.")
            .define(KEEPALIVE_SECONDS, Type.INT, 30, Range.atLeast(0), Importance.LOW, "MQTT keep-alive interval in seconds.")
            .define(CONNECT_TIMEOUT_SECONDS, Type.INT, 10, Range.atLeast(1), Importance.LOW, "MQTT connect timeout in seconds.")
            .define(RECONNECT_MAX_DELAY_MS, Type.INT, 30_000, Range.atLeast(100), Importance.LOW,
                    "Longest wait between reconnect attempts (the wait doubles from 1 s up to this).")
            .define(MAX_INFLIGHT_MESSAGES, Type.INT, 1_000, Range.atLeast(1), Importance.MEDIUM,
                    "Messages received but not yet acknowledged by Kafka. When reached, the bridge stops reading from "
                            + "the broker (back-pressure) until Kafka catches up.")
            .define(MAX_PAYLOAD_BYTES, Type.INT, 65_536, Range.between(1, 900_000), Importance.MEDIUM,
                    "Largest accepted payload in bytes; larger ones go to the rejected topic as payload_too_large, without the payload.")
            .define(KAFKA_RETRY_BACKOFF_MS, Type.LONG, 1_000L, Range.atLeast(10), Importance.LOW,
                    "Wait before producing a message again after Kafka failed it (after the producer's own retries).")
            .define(CLOSE_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                    "On close, how long to wait for messages in flight to reach Kafka and be acknowledged.")
            .define(UNACKED_MAX_AGE_MS, Type.LONG, 60_000L, Range.atLeast(100), Importance.MEDIUM,
                    "Readiness turns false while the oldest message received and not yet acknowledged to the MQTT broker "
                            + "is older than this (Kafka unreachable, or a stalled acknowledgement order); the gauge "
                            + "gatewatch.mqtt.unacked.oldest.age shows that age in seconds."));

    public MqttBridgeConfig(Map<?, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public List<String> serverUris() {
        return getList(SERVER_URIS);
    }

    public String clientId() {
        return getString(CLIENT_ID);
    }

    public List<String> topicFilters() {
        return getList(TOPIC_FILTERS);
    }

    public String username() {
        return getString(USERNAME);
    }

    public Password password() {
        return getPassword(PASSWORD);
    }

    public boolean cleanSession() {
        return getBoolean(CLEAN_SESSION);
    }

    public int keepAliveSeconds() {
        return getInt(KEEPALIVE_SECONDS);
    }

    public int connectTimeoutSeconds() {
        return getInt(CONNECT_TIMEOUT_SECONDS);
    }

    public int reconnectMaxDelayMs() {
        return getInt(RECONNECT_MAX_DELAY_MS);
    }

    public int maxInflightMessages() {
        return getInt(MAX_INFLIGHT_MESSAGES);
    }

    public int maxPayloadBytes() {
        return getInt(MAX_PAYLOAD_BYTES);
    }

    public long kafkaRetryBackoffMs() {
        return getLong(KAFKA_RETRY_BACKOFF_MS);
    }

    public long closeTimeoutMs() {
        return getLong(CLOSE_TIMEOUT_MS);
    }

    public long unackedMaxAgeMs() {
        return getLong(UNACKED_MAX_AGE_MS);
    }

    /** Validator: a non-empty list of valid MQTT topic filters. */
    static final class TopicFilters implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> filters = (List<?>) value;
            if (filters == null || filters.isEmpty()) {
                throw new ConfigException(name, value, "at least one topic filter is required");
            }
            for (Object filter : filters) {
                try {
                    MqttTopic.validate(filter.toString(), true);
                } catch (RuntimeException e) {
                    throw new ConfigException(name, value, "invalid MQTT topic filter '" + filter + "': " + e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "non-empty list of MQTT topic filters";
        }
    }
}
