package io.gatewatch.app.cli;

import io.gatewatch.app.config.ConfigCatalog;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** A command that reads or writes the sink's database directly (report, areas, erase): the report's settings and database flags. */
public abstract class DatabaseCommand extends ProcessCommand {
    @Mixin
    DatabaseFlags database;

    @Override
    protected String configScope() {
        return ConfigCatalog.REPORT;
    }

    @Override
    protected void putFlags(Map<String, String> flags) {
        database.putInto(flags);
    }
}
