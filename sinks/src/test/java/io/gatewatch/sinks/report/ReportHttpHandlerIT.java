package io.gatewatch.sinks.report;

import static io.gatewatch.sinks.report.ReportScenario.T1;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.sinks.jdbc.SinkSchema;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** The report endpoint over real HTTP, backed by a real PostgreSQL. */
class ReportHttpHandlerIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final ReportScenario SCENARIO = ReportScenario.standard();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        SinkSchema.migrate(POSTGRES.dataSource());
        SCENARIO.write(POSTGRES.dataSource());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(ReportHttpHandler.PATH,
                new ReportHttpHandler(new ReportGenerator(POSTGRES.dataSource()), ZoneId.of("Asia/Shanghai")));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldServeTheHtmlReport() throws Exception {
        HttpResponse<String> response = get("/reports/daily?date=2026-11-28&area=" + T1 + "&format=html&lang=zh");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.body()).startsWith("<!DOCTYPE html>")
                .contains("检疫检测人员" + SCENARIO.expected(T1, ReportScenario.D1).scans() + "人次");
    }

    @Test
    void shouldServeARangeAsCsvAttachment() throws Exception {
        HttpResponse<String> response = get("/reports/daily?from=2026-11-28&to=2026-11-30&area=" + T1 + "&format=csv&lang=en");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(response.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"gatewatch-report-" + T1 + "-2026-11-28_2026-11-30.csv\"");
        assertThat(StrictCsv.parse(response.body())).anySatisfy(r ->
                assertThat(r).containsExactly("day", "2026-11-30", T1, "", "status", "Status", "no_data"));
    }

    @Test
    void shouldServeMarkdown() throws Exception {
        HttpResponse<String> response = get("/reports/daily?date=2026-11-29&area=" + T1 + "&format=md&lang=en");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/markdown; charset=utf-8");
        assertThat(response.body()).startsWith("# Daily checkpoint screening report");
    }

    @Test
    void shouldAnswer400NamingABadDate() throws Exception {
        HttpResponse<String> response = get("/reports/daily?date=2026-02-30&area=330110");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(response.body()).startsWith("Bad parameter 'date': expected a date like 2026-11-28, got '2026-02-30'");
    }

    @Test
    void shouldAnswer400NamingAnyOtherBadParameter() throws Exception {
        assertThat(get("/reports/daily?date=2026-11-28").body()).startsWith("Bad parameter 'area'");
        assertThat(get("/reports/daily?date=2026-11-28&area=330110&format=pdf").body()).startsWith("Bad parameter 'format'");
        assertThat(get("/reports/daily?date=2026-11-28&area=330110&lang=fr").statusCode()).isEqualTo(400);
        assertThat(get("/reports/daily?date=2026-11-28&area=330110&zone=UTC").body()).startsWith("Bad parameter 'zone'");
        assertThat(get("/reports/daily?date=2026-11-28%2B1&area=330110").body()).contains("got '2026-11-28+1'");
    }

    @Test
    void shouldRefuseOtherMethodsAndPaths() throws Exception {
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/reports/daily?date=2026-11-28&area=330110"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(get("/reports/dailyx?date=2026-11-28&area=330110").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer503WhenTheDatabaseCannotBeRead() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext(ReportHttpHandler.PATH,
                new ReportHttpHandler(new ReportGenerator(unreachableDatabase()), ZoneId.of("Asia/Shanghai")));
        other.start();
        try {
            HttpResponse<String> down = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + other.getAddress().getPort() + "/reports/daily?date=2026-11-28&area=330110")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).contains("30");
        } finally {
            other.stop(0);
        }
    }

    private static PGSimpleDataSource unreachableDatabase() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("gatewatch");
        dataSource.setConnectTimeout(2);
        return dataSource;
    }
}
