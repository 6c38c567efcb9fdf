package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.app.GatewatchCli;
import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.sinks.jdbc.SinkSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    private static final String VILLAGE = "330110001001";
    private final CliConsole console = new CliConsole(() -> Map.of("GATEWATCH_REPORT_JDBC_USER", POSTGRES.postgres().user()));

    @BeforeAll
    static void storeOneVillageDay() throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            // 2026-11-28 in Asia/Shanghai starts at 2026-11-27T16:00Z
            s.execute("INSERT INTO area_count (area_level, area_code, window_size, window_start, window_end, time_zone, scans, "
                    + "distinct_persons, fevers, yellow_codes, red_codes, device_faults, visitors, vehicles, gate_scans, "
                    + "phone_app_scans, staff_scans, clinic_scans, pharmacy_scans, is_final, updated_at, kafka_topic, "
                    + "kafka_partition, kafka_offset) VALUES ('VILLAGE', '" + VILLAGE + "', 'DAY', '2026-11-27T16:00:00Z', "
                    + "'2026-11-28T16:00:00Z', 'Asia/Shanghai', 4321, 1200, 7, 3, 1, 2, 55, 66, 4000, 300, 21, 0, 0, true, now(), "
                    + "'gatewatch.counts.daily', 0, 0)");
        }
    }

    @Test
    void shouldWriteTheStoredFiguresOfALocalDayAsCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("report.csv");

        int exit = console.run("report", "--jdbc-url", POSTGRES.jdbcUrl(), "--date", "2026-11-28", "--area", VILLAGE,
                "--format", "csv", "--lang", "en", "--out", csv.toString());

        assertThat(exit).as(console.err()).isZero();
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(text).contains("4321").contains("66").contains(VILLAGE);
    }

    @Test
    void shouldRefuseABadDateNamingTheParameter() {
        int exit = console.run("report", "--jdbc-url", POSTGRES.jdbcUrl(), "--date", "2026-13-45", "--area", VILLAGE);

        assertThat(exit).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(console.err()).contains("date");
    }
}
