package io.gatewatch.producers.json;

import io.gatewatch.schema.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What an ingest channel counted ({@link MetricNames#INGEST_REQUESTS}), for tests; 0 before the first count. */
public final class IngestCounts {
    private IngestCounts() {}

    public static double requests(MeterRegistry meters, String channel, String outcome) {
        Counter counter = meters.find(MetricNames.INGEST_REQUESTS).tags("channel", channel, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
