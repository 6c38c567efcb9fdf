package io.gatewatch.app.stack;

import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The screening application's start-up check that the watchlist can meet the scans: a person's
 * entry on {@link Topics#OBSERVATION} and their sightings (repartitioned from {@link Topics#SCANS},
 * which decides that topic's partition count) are placed by {@link ObservationPartitioning} modulo
 * each topic's own partition count, so with different counts they land in different tasks and
 * breaches and missed check-ins would go silently unseen. Refusing to start says so instead.
 */
public final class ObservationLayout {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ObservationLayout() {}

    /** What is wrong with these partition counts, or empty when the watchlist meets the scans. */
    static Optional<String> problem(int scanPartitions, int observationPartitions) {
        if (scanPartitions == observationPartitions) {
            return Optional.empty();
        }
        return Optional.of(Topics.OBSERVATION + " has " + observationPartitions + " partition(s) but " + Topics.SCANS + " has "
                + scanPartitions + ": a person's watchlist entry and their scans would meet in different screening tasks and "
                + "breaches and missed check-ins would go unseen. Give both the same count (gatewatch topics create makes them "
                + "equal; adding partitions to one means adding them to the other and resetting the screening application).");
    }

    /** Fails with {@link #problem}'s message when the two topics' partition counts differ. */
    public static void require(Map<String, Object> adminProps) {
        try (Admin admin = Admin.create(adminProps)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.SCANS, Topics.OBSERVATION))
                    .allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            problem(topics.get(Topics.SCANS).partitions().size(), topics.get(Topics.OBSERVATION).partitions().size())
                    .ifPresent(message -> {
                        throw new IllegalStateException(message);
                    });
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot check the partitions of " + Topics.SCANS + " and " + Topics.OBSERVATION
                    + " (create them with gatewatch topics create): " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not describe " + Topics.SCANS + " and " + Topics.OBSERVATION + " within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the watchlist's partitions", e);
        }
    }
}
