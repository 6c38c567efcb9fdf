package io.gatewatch.app.stack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
