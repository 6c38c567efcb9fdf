package io.gatewatch.app.cli;

import io.gatewatch.app.config.ReportSettings;
import picocli.CommandLine.Option;

/** Flags for the sink's database, for the commands that read or write it directly (report, areas), as a mixin. */
public final class DatabaseFlags {
    @Option(names = "--jdbc-url", paramLabel = "URL", description = "The sink's database (report.jdbc.url).")
    @Setting(ReportSettings.JDBC_URL)
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "Database user (report.jdbc.user); the password only from the environment or a file.")
    @Setting(ReportSettings.JDBC_USER)
    String jdbcUser;
}
