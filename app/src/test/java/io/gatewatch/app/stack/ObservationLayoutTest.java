package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObservationLayoutTest {
    @Test
    void aWatchlistWithTheScansPartitionCountMeetsTheScans() {
        assertThat(ObservationLayout.problem(6, 6)).isEmpty();
    }

    @Test
    void aWatchlistWithAnotherPartitionCountIsRefusedNamingBothCounts() {
        assertThat(ObservationLayout.problem(6, 3)).hasValueSatisfying(message -> assertThat(message)
                .contains("gatewatch.observation has 3 partition(s)", "gatewatch.scans has 6", "breaches and missed check-ins"));
    }
}
