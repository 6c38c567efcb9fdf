package io.gatewatch.sinks.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Rows put into and read back from the sink's tables directly, for tests of what acts on stored rows (retention, erasure). */
public final class SqlRows {
    private SqlRows() {}

    /** An alert row of {@code personToken} scanned {@code daysAgo} days before now. */
    public static void givenAlert(DataSource dataSource, String alertId, String personToken, int daysAgo) throws SQLException {
        execute(dataSource, "INSERT INTO alert (alert_id, alert_type, severity, severity_rank, rule, event_id, source, device_id, "
                + "checkpoint_id, village_code, person_token, scanned_at, detected_at, kafka_topic, kafka_partition, kafka_offset) "
                + "VALUES ('" + alertId + "', 'FEVER', 'HIGH', 2, 'r', 'e-" + alertId + "', 'GATE_DEVICE', 'D1', 'CP', "
                + "'330106001001', '" + personToken + "', now() - interval '" + daysAgo + " days', now(), 't', 0, 0)");
    }

    /** The first column of every row of {@code query}, as text. */
    public static List<String> strings(DataSource dataSource, String query) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        }
    }

    public static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
