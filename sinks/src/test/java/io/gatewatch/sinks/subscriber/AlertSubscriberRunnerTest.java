package io.gatewatch.sinks.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertSubscriberRunnerTest {

    @Test
    void shouldRefuseAnUnknownSeverityNamingTheKey() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = AlertSubscriberRunner.run(Map.of(
                        "bootstrap.servers", "localhost:9092",
                        "schema.registry.url", "mock://runner",
                        "filter.min.severity", "URGENT"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(AlertSubscriberRunner.BAD_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("filter.min.severity");
    }
}
