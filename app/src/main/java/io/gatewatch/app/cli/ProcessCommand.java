package io.gatewatch.app.cli;

import io.gatewatch.app.GatewatchCli;
import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ConfigSources;
import io.gatewatch.app.config.ResolvedConfig;
import java.io.PrintWriter;
import java.lang.reflect.AnnotatedElement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every subcommand that runs a GateWatch process: merges flags, environment and the
 * properties file into one validated {@link ResolvedConfig} (failing with the key named before
 * anything starts), honours {@code --print-config}, then runs.
 */
public abstract class ProcessCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Spec
    protected CommandSpec spec;

    private final String configScope;

    /** @param configScope the {@link io.gatewatch.app.config.ConfigCatalog} scope whose sections this command reads */
    protected ProcessCommand(String configScope) {
        this.configScope = configScope;
    }

    /**
     * Adds the settings given by this command's named flags to {@code flags} (only those the user set):
     * every option, its mixins' too, marked with the {@link Setting} it gives. A command whose flag
     * is not the setting's value as it stands overrides this, calling it first.
     */
    protected void putFlags(Map<String, String> flags) {
        for (OptionSpec option : spec.options()) {
            if (option.userObject() instanceof AnnotatedElement element && element.isAnnotationPresent(Setting.class)) {
                putIfSet(flags, element.getAnnotation(Setting.class).value(), option.getValue());
            }
        }
    }

    /**
     * Validates the engine's own configuration built from {@code config} (keys the application
     * passes through, such as per-client tokens), so a bad one fails before anything starts,
     * and {@code --print-config} proves a configuration complete.
     */
    protected void validateEngine(ResolvedConfig config) {}

    /** Runs the process; returns the exit code. */
    protected abstract int run(ResolvedConfig config) throws Exception;

    @Override
    public final Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>(configOptions.set);
        putFlags(flags);
        ConfigSources sources = ConfigSources.merge(configOptions.file, GatewatchCli.of(spec).environment(), flags);
        ResolvedConfig config = ResolvedConfig.resolve(sources, configScope);
        if (!config.warnings().isEmpty()) {
            config.warnings().forEach(w -> err().println("Warning: " + w));
            err().flush();
        }
        applyLogLevel(config.getString(CommonConfig.LOG_LEVEL));
        validateEngine(config);
        if (configOptions.printConfig) {
            config.describe().forEach(out()::println);
            out().flush();
            return 0;
        }
        return run(config);
    }

    private static void applyLogLevel(String level) {
        if (LoggerFactory.getLogger("io.gatewatch") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.toLevel(level));
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Adds {@code key -> value} to {@code flags} when the option was given. */
    protected static void putIfSet(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, String.valueOf(value));
        }
    }
}
