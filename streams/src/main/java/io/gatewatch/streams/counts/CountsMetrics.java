package io.gatewatch.streams.counts;

import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.WindowSize;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The counters of the counts topology, registered once (so they read 0 before the first event) in
 * the registry the caller passes in. Tags take fixed small value sets only.
 */
final class CountsMetrics {
    private final Map<WindowSize, Counter> late = new EnumMap<>(WindowSize.class);
    private final Map<WindowSize, Counter> updates = new EnumMap<>(WindowSize.class);
    private final Map<WindowSize, Counter> finals = new EnumMap<>(WindowSize.class);
    private final Counter invalidVillage;
    private final Counter nullValue;
    private final Counter repartitioned;

    CountsMetrics(MeterRegistry registry) {
        for (WindowSize size : WindowSize.values()) {
            String window = tagOf(size);
            late.put(size, Counter.builder(MetricNames.SCANS_LATE).tag("window", window)
                    .description("Scans that arrived after their window closed, routed to the late-scans topic").register(registry));
            updates.put(size, emitted(registry, window, false));
            finals.put(size, emitted(registry, window, true));
        }
        invalidVillage = rejected(registry, CountsTopology.REJECT_INVALID_VILLAGE_CODE);
        nullValue = rejected(registry, CountsTopology.REJECT_NULL_VALUE);
        repartitioned = Counter.builder(MetricNames.COUNTS_REPARTITIONED)
                .description("Screened scans not marked as partitioned by county, sent through the repartition topic")
                .register(registry);
    }

    static String tagOf(WindowSize size) {
        return size.name().toLowerCase(Locale.ROOT);
    }

    void late(WindowSize size) {
        late.get(size).increment();
    }

    void emitted(WindowSize size, boolean isFinal) {
        (isFinal ? finals : updates).get(size).increment();
    }

    void repartitioned() {
        repartitioned.increment();
    }

    void rejected(String reason) {
        (CountsTopology.REJECT_NULL_VALUE.equals(reason) ? nullValue : invalidVillage).increment();
    }

    private static Counter emitted(MeterRegistry registry, String window, boolean isFinal) {
        return Counter.builder(MetricNames.COUNTS_EMITTED).tag("window", window).tag("final", Boolean.toString(isFinal))
                .description("Windowed count records emitted").register(registry);
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder(MetricNames.SCANS_REJECTED).tag("reason", reason)
                .description("Scans refused").register(registry);
    }
}
