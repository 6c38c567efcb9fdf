package io.gatewatch.app.stack;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag of consumer groups, measured from the outside as an operator would: for every partition a
 * group has committed or is assigned, the last stable offset (read_committed) minus the committed
 * offset, or minus the log start when nothing is committed yet (GateWatch's consumers start from
 * the earliest record).
 *
 * <p>On topics written transactionally (Streams with exactly-once) the last commit marker takes
 * one offset that a consumer committing "last record + 1" never passes, so a caught-up partition
 * can show a lag of 1; {@link #caughtUp} accounts for that.
 */
public final class ConsumerLag {
    private static final long TIMEOUT_S = 5;
    private final Admin admin;

    public ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /**
     * Sum of the lag of {@code groups}, not counting partitions 1 behind (a trailing transaction
     * marker, as far as an outside observer can tell); empty when no group has a partition yet or
     * the broker does not answer.
     */
    public OptionalLong total(Collection<String> groups) {
        Map<TopicPartition, Long> lags = byPartition(groups);
        return lags == null || lags.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(lags.values().stream().mapToLong(Long::longValue).filter(l -> l > 1).sum());
    }

    /** Partitions (of all {@code groups}) more than one offset behind, with their lag: what a failed drain names. */
    public Map<TopicPartition, Long> behind(Collection<String> groups) {
        Map<TopicPartition, Long> lags = byPartition(groups);
        if (lags == null) {
            return Map.of();
        }
        Map<TopicPartition, Long> behind = new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        lags.forEach((tp, lag) -> {
            if (lag > 1) {
                behind.put(tp, lag);
            }
        });
        return behind;
    }

    /**
     * True when every partition of every group has been consumed: lag 0, or a lag of 1 (a trailing
     * transaction marker) that did not change between two readings {@code apart} apart. False when
     * a group has no partition yet or the broker does not answer.
     */
    public boolean caughtUp(Collection<String> groups, java.time.Duration apart) throws InterruptedException {
        Map<TopicPartition, Long> first = byPartition(groups);
        if (first == null || first.isEmpty() || first.values().stream().anyMatch(l -> l > 1)) {
            return false;
        }
        if (first.values().stream().allMatch(l -> l == 0)) {
            return true;
        }
        Thread.sleep(apart.toMillis());
        Map<TopicPartition, Long> second = byPartition(groups);
        return first.equals(second);
    }

    /** Lag per partition of all {@code groups} (summed where groups share a partition); null if the broker did not answer. */
    Map<TopicPartition, Long> byPartition(Collection<String> groups) {
        try {
            Map<TopicPartition, Long> lags = new HashMap<>();
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_S, TimeUnit.SECONDS);
                Set<TopicPartition> partitions = new HashSet<>();
                committed.forEach((tp, offset) -> {
                    if (offset != null) {
                        partitions.add(tp);
                    }
                });
                ConsumerGroupDescription description = described.get(group);
                if (description != null) {
                    for (MemberDescription member : description.members()) {
                        partitions.addAll(member.assignment().topicPartitions());
                    }
                }
                if (partitions.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                partitions.forEach(tp -> {
                    latest.put(tp, OffsetSpec.latest());
                    earliest.put(tp, OffsetSpec.earliest());
                });
                Map<TopicPartition, ListOffsetsResultInfo> ends = admin
                        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata offset = committed.get(tp);
                    long position = offset != null ? offset.offset() : starts.get(tp).offset();
                    lags.merge(tp, Math.max(0, ends.get(tp).offset() - position), Long::sum);
                }
            }
            return lags;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
