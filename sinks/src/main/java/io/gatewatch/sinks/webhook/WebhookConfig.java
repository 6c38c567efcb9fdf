package io.gatewatch.sinks.webhook;

import io.gatewatch.config.Validators;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.alerts.AlertFilter;
import io.gatewatch.sinks.alerts.AlertFilterSettings;
import io.gatewatch.sinks.kafka.KafkaClientSettings;
import io.gatewatch.sinks.retry.Backoff;
import io.gatewatch.sinks.retry.BackoffSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the webhook notifier (optional per deployment). */
public final class WebhookConfig extends AbstractConfig {
    public static final String URLS = "webhook.urls";
    public static final String SECRET = "webhook.secret";
    public static final String TIMEOUT_MS = "webhook.timeout.ms";
    private static final BackoffSettings DELIVERY_RETRY = new BackoffSettings("webhook.");
    public static final String RETRIES = DELIVERY_RETRY.retries();
    public static final String RETRY_BACKOFF_MS = DELIVERY_RETRY.initialMs();
    public static final String RETRY_BACKOFF_MAX_MS = DELIVERY_RETRY.maxMs();
    public static final String TOPICS = "topics";
    public static final String POLL_TIMEOUT_MS = KafkaClientSettings.POLL_TIMEOUT_MS;

    public static final String DEFAULT_GROUP = "gatewatch-webhook";

    private static final ConfigDef DEF = define();

    private static ConfigDef define() {
        ConfigDef def = AlertFilterSettings.define(KafkaClientSettings.define(new ConfigDef(), DEFAULT_GROUP))
                .define(URLS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Validators.named("http(s) URLs", WebhookConfig::validateUrls), Importance.HIGH,
                        "http(s) URLs every matching alert is POSTed to, each independently.")
                .define(SECRET, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Validators.named("non-empty", WebhookConfig::validateSecret), Importance.HIGH,
                        "Shared secret of the HMAC-SHA256 body signature (header X-GateWatch-Signature: sha256=<hex>).")
                .define(TIMEOUT_MS, Type.LONG, 5_000L, Range.between(100, 300_000), Importance.MEDIUM,
                        "Connect and response timeout of one attempt.");
        DELIVERY_RETRY.define(def, new Backoff(Duration.ofMillis(500), Duration.ofMillis(30_000), 5),
                "Retries of a failed delivery (I/O error, timeout, 5xx, 408, 425, 429) before it counts as failed.",
                "Upper bound of the wait between retries.");
        def.define(TOPICS, Type.LIST, Topics.ALERT_TOPICS, Validators.nonEmptyList(), Importance.MEDIUM,
                "Alert topics to notify about.");
        return KafkaClientSettings.definePollTimeout(def, 500L);
    }

    public WebhookConfig(Map<?, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public List<URI> urls() {
        return getList(URLS).stream().map(URI::create).toList();
    }

    public String secret() {
        return getPassword(SECRET).value();
    }

    public Duration timeout() {
        return Duration.ofMillis(getLong(TIMEOUT_MS));
    }

    public Backoff backoff() {
        return DELIVERY_RETRY.from(this);
    }

    public List<String> topics() {
        return getList(TOPICS);
    }

    public Duration pollTimeout() {
        return KafkaClientSettings.pollTimeout(this);
    }

    public AlertFilter filter() {
        return AlertFilterSettings.filter(this);
    }

    private static void validateUrls(String name, Object value) {
        Validators.requireNonEmptyList(name, value);
        for (Object url : (List<?>) value) {
            try {
                URI uri = URI.create(String.valueOf(url));
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not http(s)");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, url, "not an http(s) URL");
            }
        }
    }

    private static void validateSecret(String name, Object value) {
        if (value == null || ((org.apache.kafka.common.config.types.Password) value).value().isEmpty()) {
            throw new ConfigException(name, "[hidden]", "a non-empty secret is required");
        }
    }
}
