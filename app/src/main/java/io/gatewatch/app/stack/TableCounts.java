package io.gatewatch.app.stack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Row counts of every user table in a PostgreSQL database (schema-qualified names; the
 * migration-history table left out), for the demo summary. It discovers the tables rather than
 * naming them, so it reports whatever the sinks' migrations created.
 */
public final class TableCounts {
    private static final String TABLES = """
            SELECT table_schema, table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE'
              AND table_schema NOT IN ('pg_catalog', 'information_schema')
              AND table_name <> 'flyway_schema_history'
            ORDER BY table_schema, table_name""";

    private TableCounts() {}

    /** {@code schema.table -> rows}, sorted by name. */
    public static Map<String, Long> of(DataSource dataSource) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String[]> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(TABLES)) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(t[0]) + "." + quote(t[1]))) {
                    rs.next();
                    counts.put(t[0] + "." + t[1], rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** Stored alerts by {@code alert_type} (the sink's {@code alert} table); empty if there is no such table yet. */
    public static Map<String, Long> alertsByType(DataSource dataSource) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet t = s.executeQuery("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'alert'")) {
                if (!t.next()) {
                    return counts;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT alert_type, count(*) FROM alert GROUP BY alert_type")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * Stored alerts of {@code type} about any of {@code personTokens} whose {@code scanned_at} (for a
     * MISSED_CHECKIN, the slot deadline) lies in ({@code after}, {@code upTo}]: one run's observation
     * alerts, told apart from another run's on the same database by its people and its span.
     */
    public static long personAlerts(DataSource dataSource, String type, Collection<String> personTokens, Instant after, Instant upTo)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM alert WHERE alert_type = ? AND person_token = ANY (?) AND scanned_at > ? AND scanned_at <= ?")) {
            s.setString(1, type);
            s.setArray(2, c.createArrayOf("text", personTokens.toArray()));
            s.setTimestamp(3, Timestamp.from(after));
            s.setTimestamp(4, Timestamp.from(upTo));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
