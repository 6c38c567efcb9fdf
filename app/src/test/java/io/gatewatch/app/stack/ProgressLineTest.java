package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldShowTheProcessedRateOverTheIntervalAndTotals() {
        ProgressSnapshot before = new ProgressSnapshot(0, 100, 90, 3, 1, OptionalLong.of(10));
        ProgressSnapshot after = new ProgressSnapshot(2 * SECOND, 2_500, 2_090, 12, 4, OptionalLong.of(7));

        String line = ProgressLine.format(65, before, after);

        assertThat(line).isEqualTo("[00:01:05] 1,000 scans/s | produced 2,500 | processed 2,090 | alerts 12 | rejected 4 | lag 7");
    }

    @Test
    void shouldSayWhenLagIsUnknown() {
        ProgressSnapshot s = new ProgressSnapshot(SECOND, 0, 0, 0, 0, OptionalLong.empty());

        assertThat(ProgressLine.format(0, s, s)).endsWith("lag n/a").contains("0 scans/s");
    }

    @Test
    void shouldFormatLongRunsInHours() {
        assertThat(ProgressLine.clock(3 * 3600 + 62)).isEqualTo("03:01:02");
    }
}
