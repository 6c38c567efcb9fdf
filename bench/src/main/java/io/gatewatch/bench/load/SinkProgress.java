package io.gatewatch.bench.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/** The PostgreSQL sink's progress as the sink itself trusts it: its offsets in {@code sink_offsets}. */
final class SinkProgress {
    private SinkProgress() {}

    /** Lag per partition of {@code ends}: end − stored next offset (the whole partition when none is stored); null on a database error. */
    static Map<TopicPartition, Long> lag(DataSource db, String group, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (Connection connection = db.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT topic, partition, next_offset FROM sink_offsets WHERE group_id = ?")) {
            query.setString(1, group);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
                }
            }
        } catch (SQLException e) {
            return null; // tables not migrated yet
        }
        Map<TopicPartition, Long> lag = new HashMap<>();
        ends.forEach((tp, end) -> lag.put(tp, Math.max(0, end - stored.getOrDefault(tp, 0L))));
        return lag;
    }

    /** Rows in the sink's main tables, for the report. */
    static Map<String, Long> rows(DataSource db) {
        Map<String, Long> rows = new java.util.TreeMap<>();
        try (Connection connection = db.getConnection()) {
            for (String table : java.util.List.of("alert", "area_count", "rejected_scan_summary", "late_scan_summary", "device_registration", "sink_dead_letter")) {
                try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM " + table);
                     ResultSet result = query.executeQuery()) {
                    result.next();
                    rows.put(table, result.getLong(1));
                } catch (SQLException e) {
                    rows.put(table, -1L);
                }
            }
        } catch (SQLException e) {
            return Map.of();
        }
        return rows;
    }
}
