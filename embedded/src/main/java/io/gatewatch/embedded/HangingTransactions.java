package io.gatewatch.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Transactions a partition still holds open although their coordinator has finished them, and
 * the abort that closes them: what {@code kafka-transactions.sh find-hanging} and {@code abort} do,
 * for the embedded broker's restart on a kept data directory.
 *
 * <p>Why a restart can leave one (RELIABILITY.md, "Broker restarts"): a broker killed while a
 * transaction was between "prepare commit" and its markers comes back acting on its old
 * registration until the controller lets it register again, cannot reach itself meanwhile, and
 * Kafka 4.4's coordinator then skips the markers of every partition whose leader it cannot find at
 * that moment and records the transaction as finished. The partitions keep it open for good:
 * read_committed readers stop at it and {@code committed()} answers UNSTABLE_OFFSET_COMMIT.
 *
 * <p>Aborting is the only close Kafka offers. It keeps a transaction atomic when none of its
 * partitions got a marker, which is how the skip happens on a single broker (every partition has the
 * same leader, looked up at once): the transaction is undone everywhere, its input offsets included,
 * so Kafka Streams processes its records again.
 */
public final class HangingTransactions {
    /** One partition's open transaction that its coordinator will never close. */
    public record Hanging(TopicPartition partition, String transactionalId, long producerId, int producerEpoch,
            int coordinatorEpoch, TransactionState coordinatorState) {}

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private HangingTransactions() {}

    /**
     * Whether {@code open}, a producer's state on {@code partition}, is a transaction the coordinator
     * (whose view of that producer's transactional id is {@code coordinator}) has finished or
     * abandoned. A transaction whose markers are on their way (PREPARE_*) is not hanging.
     */
    static boolean isHanging(TopicPartition partition, ProducerState open, TransactionDescription coordinator) {
        if (open.currentTransactionStartOffset().isEmpty() || coordinator.producerId() != open.producerId()) {
            return false;
        }
        return switch (coordinator.state()) {
            case COMPLETE_COMMIT, COMPLETE_ABORT, EMPTY -> true;
            // the coordinator moved on to a later transaction without this partition
            case ONGOING -> coordinator.producerEpoch() > open.producerEpoch() && !coordinator.topicPartitions().contains(partition);
            default -> false;
        };
    }

    /** Whether the coordinator is still completing {@code coordinator}'s transaction (its markers are on their way). */
    static boolean isCompleting(TransactionDescription coordinator) {
        return coordinator.state() == TransactionState.PREPARE_COMMIT || coordinator.state() == TransactionState.PREPARE_ABORT
                || coordinator.state() == TransactionState.PREPARE_EPOCH_FENCE;
    }

    /**
     * Finds the hanging transactions on every partition of the cluster (internal topics included)
     * and aborts them; returns what it aborted. Transactions whose markers are still on their way are
     * given up to 15 s to finish first.
     */
    public static List<Hanging> abortAll(Admin admin) {
        try {
            List<Hanging> hanging = find(admin);
            for (Hanging h : hanging) {
                await(admin.abortTransaction(new AbortTransactionSpec(h.partition(), h.producerId(), (short) h.producerEpoch(),
                        h.coordinatorEpoch())).all());
            }
            return hanging;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot look for or abort hanging transactions", e);
        }
    }

    /** The hanging transactions, once no open transaction's coordinator is still completing it (or {@link #SETTLE} passed). */
    static List<Hanging> find(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<TopicPartition> partitions = partitions(admin);
        while (true) {
            Map<TopicPartition, List<ProducerState>> open = openTransactions(admin, partitions);
            if (open.isEmpty()) {
                return List.of();
            }
            Map<Long, String> ids = transactionalIds(admin, open.values().stream().flatMap(List::stream)
                    .map(ProducerState::producerId).collect(Collectors.toSet()));
            Map<Long, TransactionDescription> coordinators = describe(admin, ids);
            if (coordinators.values().stream().noneMatch(HangingTransactions::isCompleting) || System.nanoTime() > deadline) {
                List<Hanging> hanging = new ArrayList<>();
                open.forEach((partition, producers) -> producers.forEach(producer -> {
                    TransactionDescription coordinator = coordinators.get(producer.producerId());
                    if (coordinator != null && isHanging(partition, producer, coordinator)) {
                        hanging.add(new Hanging(partition, ids.get(producer.producerId()), producer.producerId(),
                                producer.producerEpoch(), producer.coordinatorEpoch().orElse(0), coordinator.state()));
                    }
                }));
                return hanging;
            }
            Thread.sleep(250);
        }
    }

    /** Every partition of the cluster, internal topics included. */
    private static List<TopicPartition> partitions(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> topics = await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
        Collection<TopicDescription> described = await(admin.describeTopics(topics).allTopicNames()).values();
        return described.stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition()))).toList();
    }

    /** The producers with an open transaction on {@code partitions}, by partition. */
    private static Map<TopicPartition, List<ProducerState>> openTransactions(Admin admin, List<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        return await(admin.describeProducers(partitions).all()).entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().activeProducers().stream()
                        .filter(p -> p.currentTransactionStartOffset().isPresent()).toList()))
                .filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** What the transaction coordinators hold for the transactional ids {@code ids} (by producer id), by producer id. */
    private static Map<Long, TransactionDescription> describe(Admin admin, Map<Long, String> ids)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return await(admin.describeTransactions(ids.values()).all()).values().stream()
                .collect(Collectors.toMap(TransactionDescription::producerId, Function.identity(), (a, b) -> a));
    }

    private static Map<Long, String> transactionalIds(Admin admin, Set<Long> producerIds)
            throws InterruptedException, ExecutionException, TimeoutException {
        Collection<TransactionListing> listings = await(admin.listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds))
                .all());
        return listings.stream().collect(Collectors.toMap(TransactionListing::producerId, TransactionListing::transactionalId,
                (a, b) -> a));
    }

    /** The admin call's result, waiting at most {@link #CALL_TIMEOUT}. */
    private static <T> T await(KafkaFuture<T> call) throws InterruptedException, ExecutionException, TimeoutException {
        return call.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** A one-line account of {@code hanging} for the log. */
    public static String summary(List<Hanging> hanging) {
        return hanging.stream().collect(Collectors.groupingBy(h -> Optional.ofNullable(h.transactionalId()).orElse("?")
                        + " (producer " + h.producerId() + ", epoch " + h.producerEpoch() + ", coordinator says " + h.coordinatorState() + ")",
                        Collectors.mapping(h -> h.partition().toString(), Collectors.joining(", "))))
                .entrySet().stream().map(e -> e.getKey() + " on " + e.getValue()).collect(Collectors.joining("; "));
    }
}
