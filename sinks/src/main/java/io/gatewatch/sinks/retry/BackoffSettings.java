package io.gatewatch.sinks.retry;

import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The three settings of a {@link Backoff} under one prefix, defined once for every retrying part of
 * the module (database writes {@code db.}, webhook deliveries {@code webhook.}):
 * {@code <prefix>retries}, {@code <prefix>retry.backoff.ms} and {@code <prefix>retry.backoff.max.ms}.
 */
public record BackoffSettings(String prefix) {

    public String retries() {
        return prefix + "retries";
    }

    public String initialMs() {
        return prefix + "retry.backoff.ms";
    }

    public String maxMs() {
        return prefix + "retry.backoff.max.ms";
    }

    /** Adds the three keys to {@code def} with {@code defaults}; what a retry means and what bounds the cap differ per user. */
    public ConfigDef define(ConfigDef def, Backoff defaults, String retriesDoc, String maxDoc) {
        return def.define(retries(), Type.INT, defaults.maxRetries(), Range.between(0, 100), Importance.MEDIUM, retriesDoc)
                .define(initialMs(), Type.LONG, defaults.initial().toMillis(), Range.atLeast(0), Importance.LOW,
                        "Wait before the first retry; doubles with each further retry.")
                .define(maxMs(), Type.LONG, defaults.max().toMillis(), Range.atLeast(0), Importance.LOW, maxDoc);
    }

    /** The backoff {@code config} sets under this prefix. */
    public Backoff from(AbstractConfig config) {
        return new Backoff(Duration.ofMillis(config.getLong(initialMs())), Duration.ofMillis(config.getLong(maxMs())),
                config.getInt(retries()));
    }
}
