package io.gatewatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HangingTransactionsTest {
    private static final TopicPartition CHANGELOG = new TopicPartition("gatewatch-screening-screening-fault-tallies-changelog", 1);
    private static final TopicPartition OFFSETS = new TopicPartition("__consumer_offsets", 3);
    private static final long PRODUCER = 5;

    @Test
    void shouldCallATransactionHangingWhenItsCoordinatorHasCommittedItButThePartitionGotNoMarker() {
        // the restart case: COMPLETE_COMMIT recorded, the markers skipped
        assertThat(HangingTransactions.isHanging(CHANGELOG, openOn(93), coordinator(TransactionState.COMPLETE_COMMIT, 93, Set.of())))
                .isTrue();
        assertThat(HangingTransactions.isHanging(OFFSETS, openOn(93), coordinator(TransactionState.COMPLETE_ABORT, 94, Set.of())))
                .isTrue();
        assertThat(HangingTransactions.isHanging(CHANGELOG, openOn(93), coordinator(TransactionState.EMPTY, 94, Set.of()))).isTrue();
    }

    @Test
    void shouldCallATransactionHangingWhenTheCoordinatorHasMovedOnToALaterOneWithoutThatPartition() {
        assertThat(HangingTransactions.isHanging(CHANGELOG, openOn(93), coordinator(TransactionState.ONGOING, 95, Set.of(OFFSETS))))
                .isTrue();
    }

    @Test
    void shouldLeaveATransactionThatIsStillGoingOnAlone() {
        assertThat(HangingTransactions.isHanging(CHANGELOG, openOn(93), coordinator(TransactionState.ONGOING, 93, Set.of(CHANGELOG))))
                .isFalse();
        // transactions v2: the partition is added when its first batch is verified, so the coordinator may not list it yet
        assertThat(HangingTransactions.isHanging(CHANGELOG, openOn(93), coordinator(TransactionState.ONGOING, 93, Set.of()))).isFalse();
    }

    @Test
    void shouldLeaveATransactionWhoseMarkersAreOnTheirWayAlone() {
        for (TransactionState completing : new TransactionState[] {TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT,
                TransactionState.PREPARE_EPOCH_FENCE}) {
            TransactionDescription coordinator = coordinator(completing, 94, Set.of(CHANGELOG));
            assertThat(HangingTransactions.isHanging(CHANGELOG, openOn(93), coordinator)).as(completing.toString()).isFalse();
            assertThat(HangingTransactions.isCompleting(coordinator)).as(completing.toString()).isTrue();
        }
        assertThat(HangingTransactions.isCompleting(coordinator(TransactionState.COMPLETE_COMMIT, 94, Set.of()))).isFalse();
    }

    @Test
    void shouldLeaveAProducerWithoutAnOpenTransactionOrAnotherProducersTransactionAlone() {
        ProducerState idle = new ProducerState(PRODUCER, 93, 10, 0L, OptionalInt.of(0), OptionalLong.empty());
        assertThat(HangingTransactions.isHanging(CHANGELOG, idle, coordinator(TransactionState.COMPLETE_COMMIT, 93, Set.of()))).isFalse();

        TransactionDescription otherProducer = new TransactionDescription(1, TransactionState.COMPLETE_COMMIT, PRODUCER + 1, 93,
                10_000, OptionalLong.empty(), Set.of());
        assertThat(HangingTransactions.isHanging(CHANGELOG, openOn(93), otherProducer)).isFalse();
    }

    private static ProducerState openOn(int epoch) {
        return new ProducerState(PRODUCER, epoch, 10, 0L, OptionalInt.of(0), OptionalLong.of(1234));
    }

    private static TransactionDescription coordinator(TransactionState state, int epoch, Set<TopicPartition> partitions) {
        return new TransactionDescription(1, state, PRODUCER, epoch, 10_000, OptionalLong.empty(), partitions);
    }
}
