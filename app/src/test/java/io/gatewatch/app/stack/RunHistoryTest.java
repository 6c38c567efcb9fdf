package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    @TempDir
    Path data;

    private static DemoSummary.Expected sent(long records, long fevers) {
        return new DemoSummary.Expected(records, records, 0, 0, 0, fevers, 1, 2, Map.of("GATE_DEVICE", records));
    }

    @Test
    void shouldSumTheGroundTruthOfEveryRunOnTheDataDirectory() {
        // Given a first run that ended with its summary
        RunHistory first = RunHistory.open(data);
        first.record(sent(100, 3), true);

        // When a second run on the same directory summarises
        RunHistory second = RunHistory.open(data);
        DemoSummary.Cumulative all = second.cumulative(sent(50, 2), Map.of("FEVER", 5L));

        // Then its totals are both runs', exact, beside the database's
        assertThat(second.currentRun()).isEqualTo(2);
        assertThat(all.runs()).isEqualTo(2);
        assertThat(all.exact()).isTrue();
        assertThat(all.expected().records()).isEqualTo(150);
        assertThat(all.expected().fevers()).isEqualTo(5);
        assertThat(all.expected().deviceFaultScans()).isEqualTo(4);
        assertThat(all.expected().uniqueBySource()).containsEntry("GATE_DEVICE", 150L);
        assertThat(all.storedAlertsByType()).containsEntry("FEVER", 5L);
    }

    @Test
    void shouldKeepTheLastCheckpointOfAKilledRunAndSayTheTotalsAreNotExact() {
        // Given a run that checkpointed its ground truth and was then killed (never completed)
        RunHistory killed = RunHistory.open(data);
        killed.record(sent(40, 1), false);

        // When the next run summarises
        DemoSummary.Cumulative all = RunHistory.open(data).cumulative(sent(10, 1), Map.of());

        // Then the killed run's checkpoint counts, and the totals say they are a lower bound
        assertThat(all.expected().records()).isEqualTo(50);
        assertThat(all.exact()).isFalse();
    }

    @Test
    void shouldIgnoreACheckpointThatArrivesAfterTheFinalRecord() {
        // Given a run whose final ground truth is written
        RunHistory run = RunHistory.open(data);
        run.record(sent(100, 3), true);

        // When a late periodic checkpoint with older figures arrives
        run.record(sent(90, 2), false);

        // Then the next run still reads the final, complete figures
        DemoSummary.Cumulative all = RunHistory.open(data).cumulative(sent(0, 0), Map.of());
        assertThat(all.exact()).isTrue();
        assertThat(all.expected().records()).isEqualTo(100);
    }
}
