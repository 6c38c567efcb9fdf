package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.Topics;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The screening application's start-up check against a real broker's topics (every screening IT and DemoIT pass it with equal counts). */
class ObservationLayoutIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void screeningRefusesToStartWhenTheWatchlistHasAnotherPartitionCountThanTheScans() {
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        KAFKA.createTopic(Topics.SCANS, 4);
        KAFKA.createTopic(Topics.OBSERVATION, 2);

        assertThatThrownBy(() -> ObservationLayout.require(admin))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gatewatch.observation has 2 partition(s) but gatewatch.scans has 4");
    }
}
