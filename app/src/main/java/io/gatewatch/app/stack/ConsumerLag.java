package io.gatewatch.app.stack;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Total lag of consumer groups, measured from the outside as an operator would: for every
 * partition a group has committed, the last stable offset (read_committed, so transaction markers
 * of exactly-once producers do not count as lag) minus the committed offset.
 */
public final class ConsumerLag {
    private final Admin admin;

    public ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /** Sum of the lag of {@code groups}; empty when no group has committed anything yet or the broker does not answer. */
    public OptionalLong total(Collection<String> groups) {
        try {
            long total = 0;
            boolean any = false;
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                committed.forEach((tp, offset) -> {
                    if (offset != null) {
                        request.put(tp, OffsetSpec.latest());
                    }
                });
                if (request.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, ListOffsetsResultInfo> ends = admin
                        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(5, TimeUnit.SECONDS);
                for (TopicPartition tp : request.keySet()) {
                    total += Math.max(0, ends.get(tp).offset() - committed.get(tp).offset());
                }
                any = true;
            }
            return any ? OptionalLong.of(total) : OptionalLong.empty();
        } catch (ExecutionException | TimeoutException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }
}
