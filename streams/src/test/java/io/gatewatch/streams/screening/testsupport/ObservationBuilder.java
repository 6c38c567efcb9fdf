package io.gatewatch.streams.screening.testsupport;

import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationKind;
import io.gatewatch.schema.testing.ScanEventBuilder;
import java.time.LocalDate;

/**
 * Watchlist entries that read like the domain:
 * {@code aHomeObservation().of("zhang-san").inVillage(VILLAGE_1).from(JAN_15).to(JAN_20).build()}.
 * Defaults: HOME observation of a person in {@link ScreeningRecords#VILLAGE_1} from 2024-01-15 (the
 * day of {@link ScreeningRecords#T0} in Asia/Shanghai) to 2024-01-28, not released.
 */
public final class ObservationBuilder {
    public static final LocalDate T0_DAY = LocalDate.of(2024, 1, 15);

    private final ObservationEntry.Builder entry = ObservationEntry.newBuilder()
            .setKind(ObservationKind.HOME)
            .setVillageCode(ScreeningRecords.VILLAGE_1)
            .setFromDate(T0_DAY)
            .setToDate(T0_DAY.plusDays(13))
            .setReleasedOn(null);

    private ObservationBuilder(ObservationKind kind) {
        entry.setKind(kind);
    }

    public static ObservationBuilder aHomeObservation() {
        return new ObservationBuilder(ObservationKind.HOME);
    }

    public static ObservationBuilder aCentralObservation() {
        return new ObservationBuilder(ObservationKind.CENTRAL);
    }

    /** The person, by the same readable name {@link ScanEventBuilder#of} takes. */
    public ObservationBuilder of(String personName) {
        entry.setPersonToken(ScanEventBuilder.token(personName));
        return this;
    }

    public ObservationBuilder inVillage(String villageCode) {
        entry.setVillageCode(villageCode);
        return this;
    }

    public ObservationBuilder from(LocalDate day) {
        entry.setFromDate(day);
        return this;
    }

    public ObservationBuilder to(LocalDate day) {
        entry.setToDate(day);
        return this;
    }

    public ObservationBuilder releasedOn(LocalDate day) {
        entry.setReleasedOn(day);
        return this;
    }

    public ObservationEntry build() {
        return entry.build();
    }
}
