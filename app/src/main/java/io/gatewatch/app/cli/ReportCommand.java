package io.gatewatch.app.cli;

import io.gatewatch.app.GatewatchCli;
import io.gatewatch.sinks.report.InvalidReportQueryException;
import io.gatewatch.sinks.report.Renderer;
import io.gatewatch.sinks.report.Report;
import io.gatewatch.sinks.report.ReportGenerator;
import io.gatewatch.sinks.report.ReportQuery;
import io.gatewatch.sinks.report.ReportRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatewatch report}: the daily situation report over the figures the PostgreSQL sink
 * stored, the same engine and parameters as the {@code GET /reports/daily} endpoint
 * ({@link ReportRequest}). The database password comes from the environment only, never a flag,
 * so it never shows in a process list.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the daily situation report (people screened, fevers, non-green codes, visitors, vehicles, "
                + "checkpoints, silent gates) for a local day or range and an area, as Markdown, HTML or CSV, in Chinese or English.",
                "The database password is read from GATEWATCH_SINK_JDBC_PASSWORD."})
public final class ReportCommand implements Callable<Integer> {
    static final String PASSWORD_ENV = "GATEWATCH_SINK_JDBC_PASSWORD";

    @Spec
    CommandSpec spec;

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL", description = "Database the sink writes (sink.jdbc.url).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
    String jdbcUser;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "One local day.")
    String date;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First local day of a range (with --to, at most 31 days).")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last local day of a range.")
    String to;

    @Option(names = "--area", required = true, paramLabel = "CODE",
            description = "Area code prefix: province 2, city 4, county 6, township 9 or village 12 digits.")
    String area;

    @Option(names = "--format", paramLabel = "md|html|csv", defaultValue = "md", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--lang", paramLabel = "zh|en", defaultValue = "zh", description = "Labels (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of the local days (default Asia/Shanghai).")
    String zone;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ReportRequest request;
        try {
            request = ReportRequest.parse(parameters(), ReportQuery.DEFAULT_ZONE);
        } catch (InvalidReportQueryException e) {
            spec.commandLine().getErr().println("gatewatch report: " + e.getMessage());
            return GatewatchCli.EXIT_USAGE;
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(jdbcUser);
        String password = System.getenv(PASSWORD_ENV);
        if (password != null) {
            dataSource.setPassword(password);
        }
        Report report = new ReportGenerator(dataSource).generate(request.query());
        String text = Renderer.render(report, request.format(), request.query().language());
        if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(out, text, StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("Report written to " + out);
        }
        return 0;
    }

    /** The flags as the query parameters {@link ReportRequest} validates (one set of rules for CLI and HTTP). */
    private Map<String, List<String>> parameters() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        putIfSet(params, "date", date);
        putIfSet(params, "from", from);
        putIfSet(params, "to", to);
        putIfSet(params, "area", area);
        putIfSet(params, "format", format);
        putIfSet(params, "lang", lang);
        putIfSet(params, "tz", zone);
        return params;
    }

    private static void putIfSet(Map<String, List<String>> params, String key, String value) {
        if (value != null) {
            params.put(key, List.of(value));
        }
    }
}
