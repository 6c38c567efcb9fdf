package io.gatewatch.app.cli;

import io.gatewatch.app.config.ConfigDocs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gatewatch config docs}: the configuration reference, generated from the definitions. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Configuration reference.",
        subcommands = ConfigCommand.Docs.class)
public final class ConfigCommand extends CommandGroup {
    @Command(name = "docs", mixinStandardHelpOptions = true,
            description = "Print every setting (key, environment variable, type, default, validator, description) as Markdown; "
                    + "this is docs/CONFIG.md.")
    static final class Docs implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().print(ConfigDocs.markdown());
            spec.commandLine().getOut().flush();
        }
    }
}
