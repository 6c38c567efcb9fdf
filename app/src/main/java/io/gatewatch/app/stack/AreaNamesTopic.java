package io.gatewatch.app.stack;

import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.producers.compacted.CompactedRegistry;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.AreaName;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.areas.AreaNames;
import java.util.List;
import java.util.Map;

/**
 * The gazetteer on Kafka ({@link Topics#AREAS}, compacted, key = code), for the processes that read
 * Kafka only (webhook notifier, alert subscriber): written by {@code gatewatch areas import} and by
 * the demo for its simulated county, in one transaction each.
 */
public final class AreaNamesTopic {
    /** Transactional id of gazetteer writers: a second writer fences the first rather than interleaving with it. */
    public static final String TRANSACTIONAL_ID = "gatewatch-areas-writer";

    private AreaNamesTopic() {}

    /**
     * Publishes the names that differ from what the topic holds (with {@code onlyMissing}, only those
     * of codes it has no name for: the demo never renames what an operator imported); returns how many.
     */
    public static int publish(ResolvedConfig config, List<AreaNames.AreaName> names, boolean onlyMissing) {
        Map<String, Object> serde = config.registryClient();
        SchemaRegistryClient registryClient = SchemaRegistryClients.create(serde);
        try (CompactedRegistry<AreaName> topic = new CompactedRegistry<>(Topics.AREAS, TRANSACTIONAL_ID, AreaName.class,
                AreaName::getCode, KafkaClients.producer(config), KafkaClients.consumer(config), registryClient, serde)) {
            Map<String, AreaName> current = topic.current();
            List<AreaName> wanted = names.stream().map(AreaNames.AreaName::toRecord)
                    .filter(name -> !onlyMissing || !current.containsKey(name.getCode())).toList();
            List<AreaName> changes = topic.changes(current, wanted);
            topic.publish(changes);
            return changes.size();
        } finally {
            registryClient.close();
        }
    }
}
