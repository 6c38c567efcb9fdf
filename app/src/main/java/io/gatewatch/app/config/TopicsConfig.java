package io.gatewatch.app.config;

import io.gatewatch.app.stack.TopicLayout;
import io.gatewatch.app.stack.TopicRetention;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** How GateWatch's topics are created ({@code gatewatch topics --create}, and by the demo). */
public final class TopicsConfig {
    public static final String PARTITIONS = "topics.partitions";
    public static final String REPLICATION_FACTOR = "topics.replication.factor";
    public static final String RETENTION_SCANS_DAYS = "topics.retention.scans.days";
    public static final String RETENTION_ALERTS_DAYS = "topics.retention.alerts.days";
    public static final String RETENTION_COUNTS_DAYS = "topics.retention.counts.days";
    public static final String DEVICES_PARTITIONS_NOTE =
            "The device registry topic gets the same count as the scans topic because the screening topology joins them.";

    private TopicsConfig() {}

    public static ConfigDef configDef() {
        return new ConfigDef()
                .define(PARTITIONS, Type.INT, 6, Range.between(1, 10_000), Importance.MEDIUM,
                        "Partitions of the scan, device-registry and screened-scan topics (the unit of parallelism "
                                + "for Streams instances and sinks); the other topics get half of it, at least 1. "
                                + DEVICES_PARTITIONS_NOTE)
                .define(REPLICATION_FACTOR, Type.SHORT, (short) -1, Range.between(-1, 32), Importance.MEDIUM,
                        "Replication factor of created topics; -1 uses the broker's default.replication.factor.")
                .define(RETENTION_SCANS_DAYS, Type.INT, days(TopicRetention.DEFAULTS.scans()), Range.atLeast(0), Importance.MEDIUM,
                        "retention.ms (in days) of the scan-level topics: gatewatch.scans, .scans.screened, .scans.rejected, "
                                + ".scans.late (every person's movements). 0 keeps them forever.")
                .define(RETENTION_ALERTS_DAYS, Type.INT, days(TopicRetention.DEFAULTS.alerts()), Range.atLeast(0), Importance.MEDIUM,
                        "retention.ms (in days) of the alert and device-fault topics; keep it with sink.retention.alert.days. "
                                + "0 keeps them forever.")
                .define(RETENTION_COUNTS_DAYS, Type.INT, days(TopicRetention.DEFAULTS.counts()), Range.atLeast(0), Importance.MEDIUM,
                        "retention.ms (in days) of gatewatch.counts.hourly/.daily (aggregates; the sink's area_count table keeps "
                                + "them sink.retention.area.count.days). 0 keeps them forever.");
    }

    /** The retention per kind of topic from these settings. */
    public static TopicRetention retention(ResolvedConfig config) {
        return new TopicRetention(Duration.ofDays(config.getInt(RETENTION_SCANS_DAYS)), Duration.ofDays(config.getInt(RETENTION_ALERTS_DAYS)),
                Duration.ofDays(config.getInt(RETENTION_COUNTS_DAYS)));
    }

    /** The layout {@code gatewatch topics create} and the demo create topics with. */
    public static TopicLayout layout(ResolvedConfig config) {
        return new TopicLayout(config.getInt(PARTITIONS), config.getShort(REPLICATION_FACTOR), retention(config));
    }

    private static int days(Duration keep) {
        return (int) keep.toDays();
    }
}
