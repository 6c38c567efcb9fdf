package io.gatewatch.sinks.alerts;

import io.gatewatch.config.Validators;
import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.Severity;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The {@code filter.*} keys shared by the subscriber and the webhook notifier, defined once. */
public final class AlertFilterSettings {
    public static final String AREA_PREFIXES = "filter.area.prefixes";
    public static final String TYPES = "filter.types";
    public static final String MIN_SEVERITY = "filter.min.severity";

    private static final List<String> TYPE_NAMES = Arrays.stream(AlertType.values()).map(Enum::name).toList();
    private static final List<String> SEVERITY_NAMES = Arrays.stream(Severity.values()).map(Enum::name).toList();

    private AlertFilterSettings() {}

    public static ConfigDef define(ConfigDef def) {
        return def
                .define(AREA_PREFIXES, Type.LIST, List.of(), Validators.named("1 to 12 digits each", AlertFilterSettings::validateDigits), Importance.MEDIUM,
                        "Only alerts whose village code starts with one of these prefixes (county = 6 digits, township = 9, "
                                + "village = 12). Empty: every area.")
                .define(TYPES, Type.LIST, List.of(), Validators.named("alert type names", AlertFilterSettings::validateTypes), Importance.MEDIUM,
                        "Only these alert types " + TYPE_NAMES + ". Empty: every type.")
                .define(MIN_SEVERITY, Type.STRING, Severity.LOW.name(),
                        ConfigDef.CaseInsensitiveValidString.in(SEVERITY_NAMES.toArray(String[]::new)), Importance.MEDIUM,
                        "Only alerts at this severity or above " + SEVERITY_NAMES + ".");
    }

    public static AlertFilter filter(AbstractConfig config) {
        Set<AlertType> types = config.getList(TYPES).stream()
                .map(t -> AlertType.valueOf(t.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AlertType.class)));
        return new AlertFilter(config.getList(AREA_PREFIXES), types,
                Severity.valueOf(config.getString(MIN_SEVERITY).toUpperCase(Locale.ROOT)));
    }

    private static void validateDigits(String name, Object value) {
        for (Object prefix : (List<?>) value) {
            if (!String.valueOf(prefix).matches("\\d{1,12}")) {
                throw new ConfigException(name, value, "area prefixes are 1 to 12 digits of a division code");
            }
        }
    }

    private static void validateTypes(String name, Object value) {
        for (Object type : (List<?>) value) {
            if (!TYPE_NAMES.contains(String.valueOf(type).toUpperCase(Locale.ROOT))) {
                throw new ConfigException(name, value, "unknown alert type " + type + "; one of " + TYPE_NAMES);
            }
        }
    }
}
