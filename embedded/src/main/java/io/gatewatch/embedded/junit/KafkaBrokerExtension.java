package io.gatewatch.embedded.junit;

import io.gatewatch.embedded.EmbeddedKafka;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real KRaft broker per test class. Register as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafka broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = EmbeddedKafka.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public EmbeddedKafka broker() {
        if (broker == null) {
            throw new IllegalStateException("KafkaBrokerExtension must be a static @RegisterExtension field");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Creates a topic and waits until it is ready for idempotent producers. */
    public void createTopic(String name, int partitions) {
        broker().createTopic(name, partitions, Map.of());
    }
}
