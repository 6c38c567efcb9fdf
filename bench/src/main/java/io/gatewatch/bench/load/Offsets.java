package io.gatewatch.bench.load;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** End offsets and a consumer group's committed offsets, through one admin client. */
final class Offsets {
    private final Admin admin;

    Offsets(Admin admin) {
        this.admin = admin;
    }

    /** Every partition of {@code topics}. */
    List<TopicPartition> partitions(Collection<String> topics) {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
            return described.values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot describe " + topics, e);
        }
    }

    /** Topics whose name starts with {@code prefix} and ends with {@code suffix} (e.g. an application's repartition topics). */
    Set<String> topicsLike(String prefix, String suffix) {
        try {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix) && t.endsWith(suffix)).collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list topics", e);
        }
    }

    Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    long totalEnd(Collection<String> topics) {
        try {
            return ends(partitions(topics)).values().stream().mapToLong(Long::longValue).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Cannot read end offsets of " + topics, e);
        }
    }

    /**
     * Lag of {@code group} per partition (end offset − committed offset, the whole partition when
     * nothing is committed); null when the broker did not answer in time.
     */
    Map<TopicPartition, Long> lag(String group, Collection<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> lags = new HashMap<>();
            ends(partitions).forEach((tp, end) -> {
                OffsetAndMetadata done = committed.get(tp);
                lags.put(tp, Math.max(0, end - (done == null ? 0 : done.offset())));
            });
            return lags;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
