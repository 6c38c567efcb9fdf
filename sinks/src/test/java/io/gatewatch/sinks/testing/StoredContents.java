package io.gatewatch.sinks.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/** Reads the sink's tables back as {@link Figures}, and its stored offsets. */
public final class StoredContents {
    private StoredContents() {}

    public static Figures figures(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            Set<String> alertIds = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT alert_id FROM alert")) {
                while (rs.next()) {
                    alertIds.add(rs.getString(1));
                }
            }
            Map<String, Long> scans = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT area_level, area_code, window_size, "
                    + "(extract(epoch FROM window_start) * 1000)::bigint, scans FROM area_count")) {
                while (rs.next()) {
                    scans.put(Figures.countKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)), rs.getLong(5));
                }
            }
            return new Figures(alertIds, scans,
                    sums(s, "SELECT reason, sum(rejected) FROM rejected_scan_summary GROUP BY reason"),
                    sums(s, "SELECT device_id, sum(late_scans) FROM late_scan_summary GROUP BY device_id"),
                    retired(s),
                    single(s, "SELECT count(*) FROM sink_dead_letter"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<TopicPartition, Long> offsets(DataSource dataSource, String groupId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT topic, partition, next_offset FROM sink_offsets WHERE group_id = ?")) {
            s.setString(1, groupId);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
            return offsets;
        } catch (SQLException e) {
            // The schema may not exist yet while the sink is starting.
            return Map.of();
        }
    }

    public static long count(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            return single(s, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empties every table the sink writes (the schema stays). */
    public static void truncate(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE alert, area_count, rejected_scan_summary, rejected_scan_detail, late_scan_summary, "
                    + "device_registration, observation, sink_dead_letter, sink_offsets");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> sums(Statement s, String sql) throws SQLException {
        Map<String, Long> sums = new TreeMap<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                sums.put(rs.getString(1), rs.getLong(2));
            }
        }
        return sums;
    }

    private static Map<String, Boolean> retired(Statement s) throws SQLException {
        Map<String, Boolean> retired = new TreeMap<>();
        try (ResultSet rs = s.executeQuery("SELECT device_id, retired_at IS NOT NULL FROM device_registration")) {
            while (rs.next()) {
                retired.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return retired;
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
