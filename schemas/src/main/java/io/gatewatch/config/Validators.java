package io.gatewatch.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validators shared by every module's settings, each describing itself so the generated config
 * tables (docs/CONFIG.md) show what is valid.
 */
public final class Validators {
    private Validators() {}

    /** {@code check}, shown in the config tables as {@code description}. */
    public static ConfigDef.Validator named(String description, ConfigDef.Validator check) {
        return ConfigDef.LambdaValidator.with(check::ensureValid, () -> description);
    }

    /** A LIST setting that needs at least one entry and no blank one (brokers, registry URLs, topics). */
    public static ConfigDef.Validator nonEmptyList() {
        return named("non-empty list", Validators::requireNonEmptyList);
    }

    /** The check of {@link #nonEmptyList()}, for validators that check more of a list. */
    public static void requireNonEmptyList(String name, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty() || list.stream().anyMatch(v -> v == null || v.toString().isBlank())) {
            throw new ConfigException(name, value, "must be a non-empty list");
        }
    }
}
