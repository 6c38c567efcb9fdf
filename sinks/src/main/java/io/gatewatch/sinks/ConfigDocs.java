package io.gatewatch.sinks;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a {@link ConfigDef} as the markdown table the README shows, so the documentation is
 * generated from the one definition of each key (a test keeps the README in step).
 */
public final class ConfigDocs {
    private ConfigDocs() {}

    public static String markdownTable(ConfigDef def) {
        StringBuilder table = new StringBuilder("| key | type | default | valid values | description |\n| --- | --- | --- | --- | --- |\n");
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            table.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(defaultValue(key)).append(" | ")
                    .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
        }
        return table.toString();
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value instanceof Password) {
            return "(empty)";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "(empty)" : cell(list.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        return value == null || String.valueOf(value).isEmpty() ? "(empty)" : "`" + value + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
