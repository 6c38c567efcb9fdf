package io.gatewatch.producers.sim;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.schema.Topics;
import java.util.Map;

/** A real broker made ready for a simulator run: the topics it writes (registry and watchlist compacted) and a schema registry kept on the broker. */
final class SimulatorBroker {
    private SimulatorBroker() {}

    static EmbeddedSchemaRegistry prepare(KafkaBrokerExtension kafka) {
        kafka.createTopic(Topics.SCANS, 3);
        kafka.broker().createTopic(Topics.DEVICES, 1, Map.of("cleanup.policy", "compact"));
        kafka.broker().createTopic(Topics.OBSERVATION, 3, Map.of("cleanup.policy", "compact"));
        return EmbeddedSchemaRegistry.kafkaBacked(kafka.bootstrapServers());
    }
}
