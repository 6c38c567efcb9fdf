package io.gatewatch.streams.counts;

import io.gatewatch.schema.testing.ScanEventBuilder;
import io.gatewatch.schema.testing.ScreenedScanBuilder;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The counts tests' defaults on the shared {@link ScreenedScanBuilder}. */
final class CountsRecords {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private CountsRecords() {}

    /**
     * A screened scan: resident "person-1" entering through checkpoint G1's gate device dev-1 at
     * 2024-03-10T02:00:00Z with a green code and a fresh event id, screened NORMAL at 36.5 °C:
     * {@code aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p1").withFever().at(t).build()}.
     */
    static ScreenedScanBuilder aScan() {
        return ScreenedScanBuilder.aScreenedScan().withEventId("evt-" + SEQUENCE.incrementAndGet()).fromDevice("dev-1")
                .withPersonToken("person-1").at(Instant.parse("2024-03-10T02:00:00Z"));
    }
}
