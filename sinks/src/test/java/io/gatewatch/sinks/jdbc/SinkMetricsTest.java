package io.gatewatch.sinks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.MetricNames;
import io.gatewatch.sinks.poison.PoisonReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 19: counters exist at zero from the start, so alert rules and rate() see the first increment. */
class SinkMetricsTest {
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void shouldRegisterTheErrorCounterOfEveryTableAtZero() {
        new SinkMetrics(meters);

        assertThat(meters.get(MetricNames.SINK_ERRORS).counters())
                .extracting(c -> c.getId().getTag("table"))
                .containsExactlyInAnyOrder("connection", "commit", "schema", "alert", "area_count", "rejected_scan_summary",
                        "rejected_scan_detail", "late_scan_summary", "device_registration", "observation", "sink_dead_letter",
                        "sink_offsets");
        assertThat(meters.get(MetricNames.SINK_ERRORS).counters()).extracting(Counter::count).containsOnly(0.0);
    }

    @Test
    void shouldRegisterTheDeadLetterCounterOfEveryReasonAtZero() {
        new SinkMetrics(meters);

        assertThat(meters.get(MetricNames.SINK_DEAD_LETTERED).counters())
                .extracting(c -> c.getId().getTag("reason"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(PoisonReason.values()).map(PoisonReason::tag).toList());
        assertThat(meters.get(MetricNames.SINK_DEAD_LETTERED).counters()).extracting(Counter::count).containsOnly(0.0);
    }
}
