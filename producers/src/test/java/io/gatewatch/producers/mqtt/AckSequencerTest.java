package io.gatewatch.producers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckSequencerTest {
    private final List<Integer> acked = new ArrayList<>();
    private final AckSequencer sequencer = new AckSequencer((id, qos) -> acked.add(id));

    private AckSequencer.Ticket admit(int id) {
        return sequencer.admit(id, 1, false).orElseThrow();
    }

    @Test
    void shouldAcknowledgeInArrivalOrderWhenKafkaCompletesOutOfOrder() {
        AckSequencer.Ticket first = admit(1);
        AckSequencer.Ticket second = admit(2);
        AckSequencer.Ticket third = admit(3);

        sequencer.complete(third);
        sequencer.complete(second);
        assertThat(acked).isEmpty();

        sequencer.complete(first);
        assertThat(acked).containsExactly(1, 2, 3);
    }

    @Test
    void shouldNotAcknowledgeAMessageFromAnEarlierConnection() {
        AckSequencer.Ticket beforeReconnect = admit(7);

        sequencer.newEpoch();
        sequencer.complete(beforeReconnect);

        assertThat(acked).isEmpty();
        assertThat(sequencer.isCurrent(beforeReconnect)).isFalse();
    }

    @Test
    void shouldNotProcessARedeliveryOfAMessageStillInHand() {
        admit(5);

        assertThat(sequencer.admit(5, 1, true)).isEmpty();
    }

    @Test
    void shouldNotProcessARedeliveryOfAMessageAlreadyAcknowledgedOnThisConnection() {
        sequencer.complete(admit(5));

        assertThat(sequencer.admit(5, 1, true)).isEmpty();
        assertThat(acked).containsExactly(5);
    }

    @Test
    void shouldProcessANewMessageThatReusesAnAcknowledgedId() {
        sequencer.complete(admit(5));

        AckSequencer.Ticket reused = sequencer.admit(5, 1, false).orElseThrow();
        sequencer.complete(reused);

        assertThat(acked).containsExactly(5, 5);
    }

    @Test
    void shouldProcessARedeliveryAfterReconnect() {
        sequencer.complete(admit(5));
        sequencer.newEpoch();

        AckSequencer.Ticket redelivered = sequencer.admit(5, 1, true).orElseThrow();
        sequencer.complete(redelivered);

        assertThat(acked).containsExactly(5, 5);
    }

    @Test
    void shouldNeitherTrackNorAcknowledgeQos0() {
        AckSequencer.Ticket blocking = admit(1);
        AckSequencer.Ticket qos0 = sequencer.admit(0, 0, false).orElseThrow();

        sequencer.complete(qos0);

        assertThat(acked).isEmpty();
        assertThat(sequencer.unacknowledged()).isEqualTo(1);
        sequencer.complete(blocking);
        assertThat(acked).containsExactly(1);
    }

    @Test
    void shouldReportHowLongTheOldestUnacknowledgedMessageHasWaited() {
        // given a clock and two messages admitted 5 s apart
        long[] now = {1_000L};
        AckSequencer timed = new AckSequencer((id, qos) -> acked.add(id), () -> now[0]);
        AckSequencer.Ticket first = timed.admit(1, 1, false).orElseThrow();
        now[0] += 5_000_000_000L;
        AckSequencer.Ticket second = timed.admit(2, 1, false).orElseThrow();
        now[0] += 2_000_000_000L;

        // then the first has waited 7 s; once it is acknowledged, the second 2 s; then nothing waits
        assertThat(timed.oldestUnacknowledgedNanos()).isEqualTo(7_000_000_000L);
        timed.complete(first);
        assertThat(timed.oldestUnacknowledgedNanos()).isEqualTo(2_000_000_000L);
        timed.complete(second);
        assertThat(timed.oldestUnacknowledgedNanos()).isZero();
    }

    @Test
    void shouldForgetTheWaitOfMessagesFromAnEarlierConnection() {
        long[] now = {0L};
        AckSequencer timed = new AckSequencer((id, qos) -> acked.add(id), () -> now[0]);
        timed.admit(1, 1, false).orElseThrow();
        now[0] += 9_000_000_000L;

        timed.newEpoch();

        assertThat(timed.oldestUnacknowledgedNanos()).isZero();
    }
}
