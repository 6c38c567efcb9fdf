package io.gatewatch.app.stack;

import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How long Kafka keeps each GateWatch topic ({@code retention.ms}), by kind of data (issue 18,
 * docs/PRIVACY.md): scan-level topics (scans, screened, rejected, late) the shortest, since they hold
 * every person's movements; alerts and device faults as long as the sink keeps alert rows; counts
 * (aggregates without persons) as a replay source for the sink, whose area_count table is the record.
 * The compacted topics (device registry, observation watchlist) keep their latest record per key and get
 * no time limit. {@link Duration#ZERO} keeps a kind forever ({@code retention.ms = -1}).
 */
public record TopicRetention(Duration scans, Duration alerts, Duration counts) {
    public static final TopicRetention DEFAULTS = new TopicRetention(Duration.ofDays(7), Duration.ofDays(28), Duration.ofDays(28));

    private static final Set<String> SCAN_LEVEL = Set.of(Topics.SCANS, Topics.SCANS_SCREENED, Topics.SCANS_REJECTED, Topics.SCANS_LATE);
    private static final Set<String> COUNTS = Set.of(Topics.COUNTS_HOURLY, Topics.COUNTS_DAILY);

    public TopicRetention {
        if (scans.isNegative() || alerts.isNegative() || counts.isNegative()) {
            throw new IllegalArgumentException("topic retention cannot be negative");
        }
    }

    /** The {@code retention.ms} to create {@code topic} with; empty for the compacted topics. */
    public Optional<Long> retentionMsOf(String topic) {
        if (SCAN_LEVEL.contains(topic)) {
            return Optional.of(ms(scans));
        }
        if (COUNTS.contains(topic)) {
            return Optional.of(ms(counts));
        }
        if (Topics.ALERT_TOPICS.contains(topic)) {
            return Optional.of(ms(alerts));
        }
        return Optional.empty();
    }

    private static long ms(Duration keep) {
        return keep.isZero() ? -1L : keep.toMillis();
    }
}
