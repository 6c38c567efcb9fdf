package io.gatewatch.schema.testing;

import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationKind;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Watchlist entries: {@code anObservation().of("zhang-san").inVillage(V1).from(JAN_15).to(JAN_20).build()}.
 * Defaults: {@link ScanEventBuilder#PERSON_TOKEN} under HOME observation in {@link ScanEventBuilder#VILLAGE}
 * for the 14 days from {@link ScanEventBuilder#T0}'s date, not released. {@link #build()} may be called
 * again after further changes.
 */
public final class ObservationEntryBuilder {
    private final ObservationEntry.Builder entry;

    private ObservationEntryBuilder() {
        LocalDate first = ScanEventBuilder.T0.atOffset(ZoneOffset.UTC).toLocalDate();
        entry = ObservationEntry.newBuilder()
                .setPersonToken(ScanEventBuilder.PERSON_TOKEN)
                .setKind(ObservationKind.HOME)
                .setVillageCode(ScanEventBuilder.VILLAGE)
                .setFromDate(first)
                .setToDate(first.plusDays(13))
                .setReleasedOn(null);
    }

    /** Someone under HOME observation. */
    public static ObservationEntryBuilder anObservation() {
        return new ObservationEntryBuilder();
    }

    /** Under CENTRAL (facility) observation instead. */
    public ObservationEntryBuilder central() {
        entry.setKind(ObservationKind.CENTRAL);
        return this;
    }

    /** The person, by the readable name {@link ScanEventBuilder#of} takes. */
    public ObservationEntryBuilder of(String personName) {
        return withPersonToken(ScanEventBuilder.token(personName));
    }

    public ObservationEntryBuilder withPersonToken(String token) {
        entry.setPersonToken(token);
        return this;
    }

    public ObservationEntryBuilder inVillage(String villageCode) {
        entry.setVillageCode(villageCode);
        return this;
    }

    /** The first day of observation. */
    public ObservationEntryBuilder from(LocalDate day) {
        entry.setFromDate(day);
        return this;
    }

    /** The last day of observation, inclusive. */
    public ObservationEntryBuilder to(LocalDate day) {
        entry.setToDate(day);
        return this;
    }

    public ObservationEntryBuilder releasedOn(LocalDate day) {
        entry.setReleasedOn(day);
        return this;
    }

    public ObservationEntry build() {
        return ObservationEntry.newBuilder(entry).build();
    }
}
