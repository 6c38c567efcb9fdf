package io.gatewatch.sinks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer positions the sink trusts: table {@code sink_offsets}, written in the same
 * transaction as the rows they cover.
 *
 * <p>Advancing is fenced (compare-and-set): a partition's row moves from the offset this instance
 * read or last wrote to the new one, or the whole transaction is refused. An instance that lost a
 * partition in a rebalance but still holds a batch for it therefore cannot write that batch after
 * the new owner has committed; and if it commits first, the new owner's fence fails and it re-reads
 * the offsets. Either way no record's effect lands twice, which matters for the summaries that add.
 * Concurrent transactions on the same row serialise on PostgreSQL's row lock and the loser
 * re-checks the condition after the winner commits (READ COMMITTED).
 */
final class OffsetStore {
    private static final String SELECT = "SELECT topic, partition, next_offset FROM sink_offsets WHERE group_id = ?";
    private static final String INSERT = "INSERT INTO sink_offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (group_id, topic, partition) DO NOTHING";
    private static final String UPDATE = "UPDATE sink_offsets SET next_offset = ?, updated_at = now() "
            + "WHERE group_id = ? AND topic = ? AND partition = ? AND next_offset = ?";

    private static final Comparator<TopicPartition> BY_TOPIC_AND_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private OffsetStore() {}

    /** Stored next offsets of {@code partitions}; partitions never committed are absent. */
    public static Map<TopicPartition, Long> read(Connection connection, String groupId, Collection<TopicPartition> partitions)
            throws SQLException {
        Set<TopicPartition> wanted = Set.copyOf(partitions);
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, groupId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    TopicPartition tp = new TopicPartition(rows.getString(1), rows.getInt(2));
                    if (wanted.contains(tp)) {
                        stored.put(tp, rows.getLong(3));
                    }
                }
            }
        }
        return stored;
    }

    /**
     * Moves every partition in {@code next} from its {@code expected} offset (null: no row yet) to
     * its next offset, inside the caller's transaction.
     *
     * @throws OffsetFencedException when a row is not at its expected offset; the caller rolls back
     */
    public static void advance(Connection connection, String groupId, Map<TopicPartition, Long> expected,
                               Map<TopicPartition, Long> next) throws SQLException, OffsetFencedException {
        Map<Boolean, Set<TopicPartition>> byKnown = next.keySet().stream()
                .collect(Collectors.partitioningBy(tp -> expected.get(tp) != null, Collectors.toSet()));
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            // One at a time: batched inserts may report SUCCESS_NO_INFO, and the fence needs real counts.
            for (TopicPartition tp : byKnown.get(false)) {
                insert.setString(1, groupId);
                insert.setString(2, tp.topic());
                insert.setInt(3, tp.partition());
                insert.setLong(4, next.get(tp));
                if (insert.executeUpdate() != 1) {
                    throw new OffsetFencedException(tp, null);
                }
            }
        }
        if (byKnown.get(true).isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            // A fixed lock order keeps two instances from deadlocking on each other's rows.
            TopicPartition[] order = byKnown.get(true).stream().sorted(BY_TOPIC_AND_PARTITION).toArray(TopicPartition[]::new);
            for (TopicPartition tp : order) {
                update.setLong(1, next.get(tp));
                update.setString(2, groupId);
                update.setString(3, tp.topic());
                update.setInt(4, tp.partition());
                update.setLong(5, expected.get(tp));
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 1) {
                    throw new OffsetFencedException(order[i], expected.get(order[i]));
                }
            }
        }
    }
}
