package io.gatewatch.app.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every problem found in a process's configuration at once (unknown keys, bad values, missing
 * required settings), one line each naming the key and where to set it, so a user fixes them in
 * one round instead of one start-up per mistake. A {@link ConfigException}, so every handler that
 * treats configuration errors as usage errors (exit 2) treats these the same.
 */
public final class ConfigProblemsException extends ConfigException {
    private final List<String> problems;

    public ConfigProblemsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, in a stable order. */
    public List<String> problems() {
        return problems;
    }
}
