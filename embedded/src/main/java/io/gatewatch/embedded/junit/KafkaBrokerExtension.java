package io.gatewatch.embedded.junit;

import io.gatewatch.embedded.EmbeddedKafka;
import java.util.Map;

/**
 * One real KRaft broker per test class. Register as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 */
public final class KafkaBrokerExtension extends PerClassExtension<EmbeddedKafka> {
    public KafkaBrokerExtension() {
        super(EmbeddedKafka::start);
    }

    public EmbeddedKafka broker() {
        return resource();
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Creates a topic and waits until it is ready for idempotent producers. */
    public void createTopic(String name, int partitions) {
        broker().createTopic(name, partitions, Map.of());
    }
}
