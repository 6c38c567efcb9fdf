package io.gatewatch.sinks.testing;

import io.gatewatch.schema.testing.ObservationEntryBuilder;
import java.time.LocalDate;

/** The sink tests' watchlist entry on the shared {@link ObservationEntryBuilder}. */
public final class Observations {
    public static final String TOKEN = "tok-observed-1";

    private Observations() {}

    /** {@link #TOKEN} under HOME observation in village 110101001001 from 2024-01-10 to 2024-01-23. */
    public static ObservationEntryBuilder anObservation() {
        return ObservationEntryBuilder.anObservation().withPersonToken(TOKEN).inVillage("110101001001")
                .from(LocalDate.parse("2024-01-10")).to(LocalDate.parse("2024-01-23"));
    }
}
