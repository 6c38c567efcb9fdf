package io.gatewatch.app.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** How GateWatch's topics are created ({@code gatewatch topics --create}, and by the demo). */
public final class TopicsConfig {
    public static final String PARTITIONS = "topics.partitions";
    public static final String REPLICATION_FACTOR = "topics.replication.factor";
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
                        "Replication factor of created topics; -1 uses the broker's default.replication.factor.");
    }
}
