package io.gatewatch.sinks.subscriber;

import io.gatewatch.config.Validators;
import io.gatewatch.config.ZoneIds;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.alerts.AlertFilter;
import io.gatewatch.sinks.alerts.AlertFilterSettings;
import io.gatewatch.sinks.kafka.KafkaClientSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the alert subscriber. Any Kafka the user points it at is reachable: TLS and SASL
 * settings pass through as {@code kafka.security.protocol}, {@code kafka.sasl.mechanism},
 * {@code kafka.sasl.jaas.config}, {@code kafka.ssl.truststore.location}, ...
 */
public final class SubscriberConfig extends AbstractConfig {
    public static final String TOPICS = "topics";
    public static final String OUTPUT_FORMAT = "output.format";
    public static final String FROM_BEGINNING = "from.beginning";
    public static final String TIME_ZONE = "time.zone";
    public static final String POLL_TIMEOUT_MS = KafkaClientSettings.POLL_TIMEOUT_MS;

    public static final String DEFAULT_GROUP = "gatewatch-alert-subscriber";

    /** How alerts are printed. */
    public enum Format { HUMAN, JSON }

    private static final ConfigDef DEF = KafkaClientSettings.definePollTimeout(AlertFilterSettings.define(KafkaClientSettings.define(new ConfigDef(), DEFAULT_GROUP))
            .define(TOPICS, Type.LIST, Topics.ALERT_TOPICS, Validators.nonEmptyList(), Importance.MEDIUM,
                    "Alert topics to follow.")
            .define(OUTPUT_FORMAT, Type.STRING, "human", ConfigDef.CaseInsensitiveValidString.in("human", "json"),
                    Importance.MEDIUM, "human: one readable line per alert; json: one JSON object per line.")
            .define(FROM_BEGINNING, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Start from the oldest alert still on the topics instead of only new ones.")
            .define(TIME_ZONE, Type.STRING, "Asia/Shanghai", ZoneIds.validator(), Importance.LOW,
                    "IANA time zone for the times on human lines."), 500L);

    public SubscriberConfig(Map<?, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public List<String> topics() {
        return getList(TOPICS);
    }

    public Format format() {
        return Format.valueOf(getString(OUTPUT_FORMAT).toUpperCase(java.util.Locale.ROOT));
    }

    public boolean fromBeginning() {
        return getBoolean(FROM_BEGINNING);
    }

    public ZoneId zone() {
        return ZoneId.of(getString(TIME_ZONE));
    }

    public Duration pollTimeout() {
        return KafkaClientSettings.pollTimeout(this);
    }

    public AlertFilter filter() {
        return AlertFilterSettings.filter(this);
    }
}
