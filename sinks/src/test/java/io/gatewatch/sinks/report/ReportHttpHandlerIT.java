package io.gatewatch.sinks.report;

import static io.gatewatch.sinks.report.ReportScenario.T1;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.FreePorts;
import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.http.HttpEndpoint;
import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.http.SelfSignedCertificates;
import io.gatewatch.sinks.jdbc.SinkSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.io.TempDir;
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
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    private static final ReportScenario SCENARIO = ReportScenario.standard();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String COUNTY_TOKEN = "county-330110-token-0123456789";
    private static final String TOWN_TOKEN = "township-330110101-token-0123456789";
    private static final ReportAccess.Reader COUNTY_READER = new ReportAccess.Reader("county", List.of(ReportScenario.COUNTY));
    private static final ReportAccess.Reader TOWN_READER = new ReportAccess.Reader("town", List.of(T1));
    private static final ReportAccess ACCESS = new ReportAccess(
            Map.of(COUNTY_READER, new Password(COUNTY_TOKEN), TOWN_READER, new Password(TOWN_TOKEN)),
            Map.of("CN=township-330110101", TOWN_READER));

    @TempDir
    static Path dir;
    private static HttpEndpoint server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        SCENARIO.write(POSTGRES.dataSource());
        server = serve(new ReportGenerator(POSTGRES.dataSource()), null);
        base = server.uri().toString();
    }

    private static HttpEndpoint serve(ReportGenerator generator, HttpServerSettings.Tls tls) {
        HttpServerSettings settings = new HttpServerSettings("report.http.", "127.0.0.1", 0, 8, 64, 4_096, 10_000, 30_000, 30_000, tls);
        return HttpEndpoint.start("reports", settings, new ReportHttpHandler(generator, ZoneId.of("Asia/Shanghai"), ACCESS));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return get(pathAndQuery, COUNTY_TOKEN);
    }

    private static HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswer401WithoutCredentials() throws Exception {
        HttpResponse<String> response = get("/reports/daily?date=2026-11-28&area=" + T1, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void shouldAnswer401ForAnUnknownToken() throws Exception {
        assertThat(get("/reports/daily?date=2026-11-28&area=" + T1, "not-a-reader-token-0123456789").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldServeATownshipOfficialTheirOwnTownship() throws Exception {
        assertThat(get("/reports/daily?date=2026-11-28&area=" + T1 + "&format=md", TOWN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/reports/daily?date=2026-11-28&area=" + ReportScenario.V11 + "&format=md", TOWN_TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldAnswer403WhenATownshipOfficialAsksForTheCountyOrAnotherTownship() throws Exception {
        assertThat(get("/reports/daily?date=2026-11-28&area=" + ReportScenario.COUNTY, TOWN_TOKEN).statusCode()).isEqualTo(403);
        assertThat(get("/reports/daily?date=2026-11-28&area=" + ReportScenario.T2, TOWN_TOKEN).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldServeTheCountyEveryTownshipButNotAnotherCounty() throws Exception {
        assertThat(get("/reports/daily?date=2026-11-28&area=" + ReportScenario.T2 + "&format=md").statusCode()).isEqualTo(200);
        assertThat(get("/reports/daily?date=2026-11-28&area=" + ReportScenario.OTHER_COUNTY).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldServeAReaderIdentifiedByTheirClientCertificateOverTls() throws Exception {
        // given a TLS report port that asks for client certificates
        SelfSignedCertificates serverCert = SelfSignedCertificates.generate(dir, "localhost");
        SelfSignedCertificates township = SelfSignedCertificates.generate(dir, "township-330110101");
        HttpServerSettings.Tls tls = new HttpServerSettings.Tls(HttpServerSettings.StoreType.PEM, serverCert.pem().toString(), null,
                HttpServerSettings.StoreType.PEM, township.certificatePem().toString(), null, HttpServerSettings.ClientAuth.WANT);
        try (HttpEndpoint secure = serve(new ReportGenerator(POSTGRES.dataSource()), tls)) {
            HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedCertificates.clientContext(township, serverCert)).build();

            // when
            HttpResponse<String> own = client.send(HttpRequest.newBuilder(secure.uri().resolve(
                    "/reports/daily?date=2026-11-28&format=md&area=" + T1)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> county = client.send(HttpRequest.newBuilder(secure.uri().resolve(
                    "/reports/daily?date=2026-11-28&format=md&area=" + ReportScenario.COUNTY)).build(), HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(county.statusCode()).isEqualTo(403);
        }
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
                .header("Authorization", "Bearer " + COUNTY_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(get("/reports/dailyx?date=2026-11-28&area=330110").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer503WhenTheDatabaseCannotBeRead() throws Exception {
        try (HttpEndpoint other = serve(new ReportGenerator(unreachableDatabase()), null)) {
            HttpResponse<String> down = CLIENT.send(HttpRequest.newBuilder(other.uri().resolve("/reports/daily?date=2026-11-28&area=330110"))
                    .header("Authorization", "Bearer " + COUNTY_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).contains("30");
        }
    }

    private static PGSimpleDataSource unreachableDatabase() throws IOException {
        int port = FreePorts.loopback();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("gatewatch");
        dataSource.setConnectTimeout(2);
        return dataSource;
    }
}
