package io.gatewatch.app.config;

import io.gatewatch.streams.common.StreamsSettings;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * How {@code gatewatch streams} (and the demo) run the topologies: which ones, under which
 * application ids, with the Kafka Streams runtime settings of {@link StreamsSettings} under
 * {@value #PREFIX}. Raw Streams/client settings pass through as {@code kafka.*}.
 */
public final class StreamsAppConfig {
    public static final String PREFIX = "streams.";
    public static final String TOPOLOGIES = "streams.topologies";
    public static final String SCREENING_APPLICATION_ID = "streams.screening.application.id";
    public static final String COUNTS_APPLICATION_ID = "streams.counts.application.id";
    public static final String SCREENING = "screening";
    public static final String COUNTS = "counts";
    /** Keys of this class's own, not handed to {@link StreamsSettings}. */
    public static final Set<String> OWN_KEYS = Set.of(TOPOLOGIES, SCREENING_APPLICATION_ID, COUNTS_APPLICATION_ID);

    private StreamsAppConfig() {}

    /** The Streams section: these keys plus StreamsSettings' (but application.id and bootstrap servers, set per topology). */
    public static ConfigSection section(Set<String> usedBy) {
        ConfigDef runtime = EngineConfigs.filter(StreamsSettings.configDef(),
                k -> !k.equals(StreamsSettings.APPLICATION_ID) && !k.equals(StreamsSettings.BOOTSTRAP_SERVERS));
        runtime.define(TOPOLOGIES, Type.LIST, SCREENING + "," + COUNTS, ConfigDef.ValidList.in(SCREENING, COUNTS), Importance.HIGH,
                        "Topologies this instance runs, each as its own Kafka Streams application. Split them over processes "
                                + "to scale them apart.")
                .define(SCREENING_APPLICATION_ID, Type.STRING, "gatewatch-screening", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Application id of the screening topology (consumer group, transactional id and internal topic prefix). "
                                + "Instances sharing it split the scan partitions. Changing it starts from scratch.")
                .define(COUNTS_APPLICATION_ID, Type.STRING, "gatewatch-counts", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Application id of the counts topology. Changing it recounts from the retained screened scans.");
        return ConfigSection.prefixed("Kafka Streams", usedBy,
                "`gatewatch streams`: the screening and counts topologies (exactly-once by default). Runtime settings under "
                        + "`streams.`; raw Kafka Streams settings as `kafka.*` (e.g. `kafka.commit.interval.ms`). The Streams producers "
                        + "batch up to 256 KiB per partition (Kafka's default is 16 KiB; a transaction's output fills that many times over, "
                        + "and the larger batches cost the broker and the producers a third less CPU per scan): `kafka.producer.batch.size` "
                        + "or `kafka.batch.size` sets another size.",
                PREFIX, runtime);
    }
}
