package io.gatewatch.app.cli;

import io.gatewatch.app.config.ConfigCatalog;
import picocli.CommandLine.Mixin;

/** A command that reads or writes the sink's database directly (report, areas, erase): the report's settings and database flags. */
public abstract class DatabaseCommand extends ProcessCommand {
    @Mixin
    DatabaseFlags database;

    protected DatabaseCommand() {
        super(ConfigCatalog.REPORT);
    }
}
