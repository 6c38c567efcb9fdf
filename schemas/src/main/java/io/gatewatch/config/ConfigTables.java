package io.gatewatch.config;

import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders a {@link ConfigDef} as the markdown table the module docs carry, so each doc's table is
 * generated from the one definition of every key and a docs test can tell when it went stale.
 * Keys sorted by name; a password's default is never printed.
 */
public final class ConfigTables {
    private ConfigTables() {}

    public static String markdown(ConfigDef def) {
        String rows = def.configKeys().values().stream()
                .sorted((a, b) -> a.name.compareTo(b.name))
                .map(key -> "| `" + key.name + "` | " + key.type.name().toLowerCase(Locale.ROOT) + " | "
                        + defaultValue(key) + " | "
                        + (key.validator == null ? "" : cell(key.validator.toString())) + " | "
                        + cell(key.documentation) + " |")
                .collect(Collectors.joining("\n"));
        return "| key | type | default | valid values | description |\n| --- | --- | --- | --- | --- |\n" + rows + "\n";
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "(none)";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return "(hidden)";
        }
        return "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
