package io.gatewatch.streams.screening.testsupport;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.testing.DeviceRegistrationBuilder;
import io.gatewatch.schema.testing.ObservationEntryBuilder;
import io.gatewatch.schema.testing.ScanEventBuilder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The screening tests' defaults on the shared builders of {@link io.gatewatch.schema.testing}:
 * {@code aScan().fromDevice("D1").withTemperature(37.6).withCode(YELLOW).at(T0).build()}.
 */
public final class ScreeningRecords {
    public static final Instant T0 = Instant.parse("2024-01-15T08:00:00Z");
    public static final String DEFAULT_DEVICE = "gate-dev-1";
    public static final String VILLAGE_1 = "330106001001";
    public static final String VILLAGE_2 = "330106001002";
    /** The day of {@link #T0} in Asia/Shanghai. */
    public static final LocalDate T0_DAY = LocalDate.of(2024, 1, 15);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private ScreeningRecords() {}

    /**
     * A gate-device scan from {@link #DEFAULT_DEVICE} entering, GREEN code, 36.6 °C forehead, a fresh
     * event id and person token, at {@link #T0}; no checkpoint or village: enrichment adds them.
     */
    public static ScanEventBuilder aScan() {
        long n = SEQUENCE.incrementAndGet();
        return ScanEventBuilder.aScan().withEventId("evt-" + n).of("person-" + n).fromDevice(DEFAULT_DEVICE)
                .atCheckpoint(null).inVillage(null).withCode(HealthCodeColour.GREEN).withTemperature(36.6).at(T0);
    }

    /** A combined forehead device reporting in °C, uncalibrated, in {@link #VILLAGE_1}. */
    public static DeviceRegistrationBuilder aDevice(String deviceId) {
        return DeviceRegistrationBuilder.aDevice(deviceId).inVillage(VILLAGE_1);
    }

    /** HOME observation of someone in {@link #VILLAGE_1} from {@link #T0_DAY} to 13 days later, not released. */
    public static ObservationEntryBuilder aHomeObservation() {
        return ObservationEntryBuilder.anObservation().inVillage(VILLAGE_1).from(T0_DAY).to(T0_DAY.plusDays(13));
    }

    /** As {@link #aHomeObservation()}, under CENTRAL observation. */
    public static ObservationEntryBuilder aCentralObservation() {
        return aHomeObservation().central();
    }
}
