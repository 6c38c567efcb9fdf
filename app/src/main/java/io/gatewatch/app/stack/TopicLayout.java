package io.gatewatch.app.stack;

import io.gatewatch.schema.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The partitions and settings of every topic in {@link Topics#ALL}. Pure: the demo and
 * {@code gatewatch topics --create} both create exactly this.
 *
 * <p>The scan, device-registry and screened-scan topics get the full partition count: they carry
 * the volume, and scans and devices are co-partitioned because screening joins them by device.
 * The observation watchlist gets the full count too, though it is small: screening meets each
 * person's entry with their gate scans repartitioned by person, and both must place a person in
 * the same partition number ({@link io.gatewatch.schema.ObservationPartitioning}).
 * Alerts, counts, dead letters and the area gazetteer are smaller and get half. The device registry,
 * the gazetteer and the watchlist are compacted (the latest record per key is the state; a null
 * retires a device, forgets an area's name or erases a person).
 * Every other topic gets the {@code retention.ms} of its kind of data ({@link TopicRetention}).
 */
public record TopicLayout(int partitions, short replicationFactor, TopicRetention retention) {
    private static final Set<String> HIGH_VOLUME = Set.of(Topics.SCANS, Topics.DEVICES, Topics.OBSERVATION, Topics.SCANS_SCREENED);
    private static final Set<String> COMPACTED = Set.of(Topics.DEVICES, Topics.AREAS, Topics.OBSERVATION);

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
    }

    /** With the documented default retention per topic. */
    public TopicLayout(int partitions, short replicationFactor) {
        this(partitions, replicationFactor, TopicRetention.DEFAULTS);
    }

    public int partitionsOf(String topic) {
        return HIGH_VOLUME.contains(topic) ? partitions : Math.max(1, partitions / 2);
    }

    public Map<String, String> configsOf(String topic) {
        if (COMPACTED.contains(topic)) {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return retention.retentionMsOf(topic).map(ms -> Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(ms))).orElse(Map.of());
    }

    /** Every GateWatch topic as a creation request (replication factor -1: the broker's default). */
    public List<NewTopic> newTopics() {
        return Topics.ALL.stream().map(this::newTopic).toList();
    }

    public NewTopic newTopic(String topic) {
        Optional<Short> replication = replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
        return new NewTopic(topic, Optional.of(partitionsOf(topic)), replication).configs(configsOf(topic));
    }
}
