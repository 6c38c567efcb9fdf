package io.gatewatch.producers.http;

import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;

/**
 * Answers "can the ingest write scans right now?" by describing {@code gatewatch.scans} with a
 * short timeout through an admin client sharing the producer's connection settings.
 */
final class KafkaReadinessProbe implements AutoCloseable {
    private final Admin admin;

    KafkaReadinessProbe(Map<String, Object> producerProps) {
        Map<String, Object> props = new HashMap<>();
        producerProps.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "gatewatch-ingest-readiness");
        this.admin = Admin.create(props);
    }

    /** True when the broker describes the scans topic within {@code timeout}. */
    boolean kafkaAnswers(Duration timeout) {
        try {
            admin.describeTopics(List.of(Topics.SCANS), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .allTopicNames().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
