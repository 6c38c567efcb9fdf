package io.gatewatch.app.config;

import io.gatewatch.config.ConfigTables;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders docs/CONFIG.md from the {@link ConfigCatalog}: one table per section, generated so the
 * docs cannot drift from the definitions ({@code ConfigDocsTest} fails when the committed file is
 * stale; {@code ./gatewatch config docs > docs/CONFIG.md} regenerates it).
 */
public final class ConfigDocs {
    private ConfigDocs() {}

    public static String markdown() {
        return markdown(ConfigCatalog.sections());
    }

    static String markdown(List<ConfigSection> sections) {
        StringBuilder md = new StringBuilder();
        md.append("# GateWatch configuration\n\n")
          .append("<!-- Generated from the ConfigDefs by `./gatewatch config docs > docs/CONFIG.md`; do not edit by hand. -->\n\n")
          .append("Every process reads its settings from three places. **Precedence: command-line flags > environment ")
          .append("variables > properties file (`--config FILE`) > defaults.**\n\n")
          .append("- Flags: the named options of each subcommand (see `--help`), or any key as `-s key=value` (repeatable).\n")
          .append("- Environment: `").append(ConfigSources.ENV_PREFIX).append("` + the key upper-cased with `.` as `_` ")
          .append("(`window.grace.ms` is `").append(ConfigSources.envName("window.grace.ms")).append("`). ")
          .append("Variables without the prefix are ignored; a `").append(ConfigSources.ENV_PREFIX)
          .append("` variable that is no setting (a deployment's own `GATEWATCH_HOME`, say) is ignored with a warning.\n")
          .append("- Properties file: `key=value` lines, e.g. `kafka.bootstrap.servers=broker1:9092,broker2:9092`.\n\n")
          .append("Pass-through: `kafka.X` reaches every Kafka client as `X` (`kafka.producer.X`, `kafka.consumer.X`, ")
          .append("`kafka.admin.X` only that kind), so TLS/SASL and tuning need no GateWatch setting; `schema.registry.*` and ")
          .append("`basic.auth.*` reach the registry client. An unknown key given as a flag or in the file fails start-up with its ")
          .append("name; a bad value fails with the key, the reason and where it came from; a missing one names its flag and ")
          .append("environment variable. Every problem is reported at once, one line each, with exit code 2 and no stack trace. Secrets (passwords, secrets, tokens, JAAS configs, basic-auth ")
          .append("user info) are never printed: `--print-config` shows them as `").append(Secrets.MASK).append("`.\n");
        for (ConfigSection section : sections) {
            md.append("\n## ").append(section.name()).append("\n\n")
              .append(section.description()).append(" Used by: ").append(usedBy(section)).append(".\n\n")
              .append(ConfigTables.markdown(section.def(), "environment variable",
                      key -> "`" + ConfigSources.envName(key) + "`"));
        }
        return md.toString();
    }

    private static String usedBy(ConfigSection section) {
        return section.usedBy().contains("*") ? "every subcommand"
                : section.usedBy().stream().sorted().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    }
}
