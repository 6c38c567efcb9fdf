package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicWritesTest {

    @Test
    void shouldNameInternalTopicsByApplicationAndStoreInsteadOfTheirGeneratedIds() {
        assertThat(TopicWrites.readable("bench-screening-1k2j3h4g5f-screening-dedupe-changelog"))
                .isEqualTo("screening: screening-dedupe-changelog");
        assertThat(TopicWrites.readable("gatewatch.scans.screened")).isEqualTo("gatewatch.scans.screened");
    }

    @Test
    void shouldCountWhatEachTopicGrewByPerInputRecordAndLeaveOutTopicsThatDidNot() {
        Map<String, Long> before = Map.of("gatewatch.scans", 1000L, "gatewatch.scans.screened", 0L);
        Map<String, Long> after = Map.of("gatewatch.scans", 1000L, "gatewatch.scans.screened", 990L,
                "bench-screening-abc123-screening-dedupe-changelog", 1000L,
                "bench-counts-def456-counts-persons-changelog", 1500L);

        Map<String, Double> per = TopicWrites.perInputRecord(before, after, 1000);

        assertThat(per).containsExactly(Map.entry("all", 3.49), Map.entry("counts: counts-persons-changelog", 1.5),
                Map.entry("gatewatch.scans.screened", 0.99), Map.entry("screening: screening-dedupe-changelog", 1.0));
    }
}
