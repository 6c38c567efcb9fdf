package io.gatewatch.app.cli;

import io.gatewatch.app.config.ReportSettings;
import java.util.Map;
import picocli.CommandLine.Option;

/** The sink's database as the commands that work on it directly take it ({@code report.jdbc.*}), as a mixin. */
public final class DatabaseFlags {
    @Option(names = "--jdbc-url", paramLabel = "URL", description = "The sink's database (report.jdbc.url).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "Database user (report.jdbc.user); the password only from the environment or a file.")
    String jdbcUser;

    void putInto(Map<String, String> flags) {
        ProcessCommand.putIfSet(flags, ReportSettings.JDBC_URL, jdbcUrl);
        ProcessCommand.putIfSet(flags, ReportSettings.JDBC_USER, jdbcUser);
    }
}
