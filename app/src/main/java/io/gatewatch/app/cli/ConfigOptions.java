package io.gatewatch.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every process subcommand shares: where settings come from, and printing them. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (key=value lines). Precedence: flags > environment (GATEWATCH_*) > this file > defaults.")
    Path file;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Any setting by key (repeatable), e.g. -s kafka.security.protocol=SASL_SSL. See docs/CONFIG.md.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--print-config", description = "Print the effective settings with their origins (secrets masked) and exit.")
    boolean printConfig;
}
