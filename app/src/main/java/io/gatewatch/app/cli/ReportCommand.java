package io.gatewatch.app.cli;

import io.gatewatch.http.HttpEndpoint;
import io.gatewatch.app.GatewatchCli;
import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ReportSettings;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.sinks.report.InvalidReportQueryException;
import io.gatewatch.sinks.report.ReportAccess;
import io.gatewatch.sinks.report.Renderer;
import io.gatewatch.sinks.report.ReportGenerator;
import io.gatewatch.sinks.report.ReportHttpHandler;
import io.gatewatch.sinks.report.ReportRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch report}: the daily situation report, once to a file/stdout, or served over HTTP. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The figures officials report daily (people screened, fevers and where found, non-green codes, visitors, "
                + "vehicles, gate checkpoints operating, device faults), for an area and a local day or range, as HTML, Markdown or "
                + "CSV in Chinese or English, from the sink's database. See docs/REPORTS.md.",
                "Example: gatewatch report --date 2026-11-28 --area 330110 --format md --lang en"})
public final class ReportCommand extends DatabaseCommand {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "One local day.")
    String date;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day of a range (with --to, at most 31 days).")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last day of a range.")
    String to;

    @Option(names = "--area", paramLabel = "CODE", description = "Division code prefix: 2, 4, 6, 9 or 12 digits.")
    String area;

    @Option(names = "--format", paramLabel = "FMT", description = "md (default here), html or csv.")
    String format;

    @Option(names = "--lang", paramLabel = "LANG", description = "zh (default) or en.")
    String lang;

    @Option(names = "--top", paramLabel = "N", description = "Villages per ranking (default 10).")
    String top;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of the local days (default time.zone, the deployment's).")
    String tz;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the report here instead of standard output.")
    Path out;

    @Option(names = "--serve", description = "Serve /reports/daily over HTTP (report.http.port) until Ctrl-C instead of printing one report.")
    boolean serve;

    @Override
    protected int run(ResolvedConfig config) throws Exception {
        ReportGenerator generator = new ReportGenerator(dataSource(config));
        ZoneId zone = ZoneId.of(config.getString(CommonConfig.TIME_ZONE));
        return serve ? serve(config, generator, zone) : once(generator, zone);
    }

    private int once(ReportGenerator generator, ZoneId zone) throws Exception {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        put(parameters, "date", date);
        put(parameters, "from", from);
        put(parameters, "to", to);
        put(parameters, "area", area);
        put(parameters, "format", format == null ? "md" : format); // Markdown reads best on a terminal
        put(parameters, "tz", tz);
        put(parameters, "lang", lang);
        put(parameters, "top", top);
        ReportRequest request;
        try {
            request = ReportRequest.parse(parameters, zone);
        } catch (InvalidReportQueryException e) {
            err().println("Bad parameter '--" + e.parameter() + "': " + e.reason());
            err().flush();
            return GatewatchCli.EXIT_USAGE;
        }
        String text = Renderer.render(generator.generate(request.query()), request.format(), request.query().language());
        if (out == null) {
            out().print(text);
            out().flush();
        } else {
            Files.writeString(out, text, StandardCharsets.UTF_8);
            out().println("Report written to " + out.toAbsolutePath());
            out().flush();
        }
        return 0;
    }

    private int serve(ResolvedConfig config, ReportGenerator generator, ZoneId zone) throws Exception {
        ReportAccess access = ReportSettings.access(config); // no readers, no serving: reports hold health data
        try (ProcessRuntime runtime = ProcessRuntime.start("report", config)) {
            HttpEndpoint server = runtime.lifecycle().register("report http", HttpEndpoint.start("Report server",
                    config.httpServer(ReportSettings.HTTP_PREFIX), new ReportHttpHandler(generator, zone, access)));
            return runtime.runUntilStopped(out(), "Reports served at " + server.uri() + ReportHttpHandler.PATH
                    + "?date=YYYY-MM-DD&area=CODE (Authorization: Bearer <reader token>).");
        }
    }

    private static void put(Map<String, List<String>> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, List.of(value));
        }
    }

    /**
     * The database, from {@code report.jdbc.*}; where those are not given but the sink's
     * {@code sink.jdbc.*} are (one env file for both), the sink's.
     */
    static PGSimpleDataSource dataSource(ResolvedConfig config) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(reportOrSink(config, ReportSettings.JDBC_URL, "sink.jdbc.url", config::getString));
        String user = reportOrSink(config, ReportSettings.JDBC_USER, "sink.jdbc.user", config::getString);
        if (!user.isEmpty()) {
            ds.setUser(user);
        }
        String password = reportOrSink(config, ReportSettings.JDBC_PASSWORD, "sink.jdbc.password", key -> config.getPassword(key).value());
        if (!password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.setReadOnly(true);
        return ds;
    }

    /** The report's setting when given; else the sink's when given; else the report's default. */
    private static String reportOrSink(ResolvedConfig config, String reportKey, String sinkKey, Function<String, String> read) {
        Map<String, String> given = config.originals();
        return !given.containsKey(reportKey) && given.containsKey(sinkKey) ? given.get(sinkKey) : read.apply(reportKey);
    }
}
