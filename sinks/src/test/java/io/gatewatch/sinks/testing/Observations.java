package io.gatewatch.sinks.testing;

import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationKind;
import java.time.LocalDate;

/** Watchlist entries for tests: a person under HOME observation in village 110101001001 from 2024-01-10 to 2024-01-23. */
public final class Observations {
    public static final String TOKEN = "tok-observed-1";

    private final ObservationEntry.Builder entry = ObservationEntry.newBuilder()
            .setPersonToken(TOKEN)
            .setKind(ObservationKind.HOME)
            .setVillageCode("110101001001")
            .setFromDate(LocalDate.parse("2024-01-10"))
            .setToDate(LocalDate.parse("2024-01-23"))
            .setReleasedOn(null);

    private Observations() {}

    public static Observations anObservation() {
        return new Observations();
    }

    public Observations of(String personToken) {
        entry.setPersonToken(personToken);
        return this;
    }

    public Observations central() {
        entry.setKind(ObservationKind.CENTRAL);
        return this;
    }

    public Observations inVillage(String villageCode) {
        entry.setVillageCode(villageCode);
        return this;
    }

    /** Ordered from {@code from} to {@code to}, both inclusive (ISO dates). */
    public Observations from(String from, String to) {
        entry.setFromDate(LocalDate.parse(from)).setToDate(LocalDate.parse(to));
        return this;
    }

    public Observations releasedOn(String day) {
        entry.setReleasedOn(LocalDate.parse(day));
        return this;
    }

    public ObservationEntry build() {
        return ObservationEntry.newBuilder(entry).build();
    }
}
