package io.gatewatch.streams.screening;

import io.gatewatch.schema.ObservationEntry;

/**
 * One record of a person's sub-topology, keyed by person token: a sighting (from the
 * {@link ScreeningNames#SIGHTINGS_BY_PERSON} repartition) or a change of the watchlist (from
 * {@code gatewatch.observation}; a null entry is a tombstone: the person is erased). In-memory only,
 * never serialised: it exists so both sources meet in one processor.
 */
record PersonInput(Sighting sighting, ObservationEntry entry) {
    static PersonInput seen(Sighting sighting) {
        return new PersonInput(sighting, null);
    }

    static PersonInput watchlist(ObservationEntry entryOrNull) {
        return new PersonInput(null, entryOrNull);
    }

    boolean isSighting() {
        return sighting != null;
    }
}
