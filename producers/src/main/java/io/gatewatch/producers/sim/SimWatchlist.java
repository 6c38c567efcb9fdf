package io.gatewatch.producers.sim;

import io.gatewatch.producers.sim.World.Person;
import io.gatewatch.producers.sim.World.Village;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationKind;
import io.gatewatch.schema.ObservationPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated health authority's watchlist: some residents of every village under HOME or CENTRAL
 * observation for 14 days that began up to a week before the simulated start, so every period
 * covers the start's local day (and the days after, up to a week at least). Built deterministically
 * from its own random stream, so adding it changed no other draw of the scenario.
 *
 * <p>The simulator publishes the entries to {@link io.gatewatch.schema.Topics#OBSERVATION} with
 * the record timestamp {@link #knownSince()}, before any scan: screening counts an entry from when
 * it became known, and every check-in slot of the run is owed from the start.
 */
public final class SimWatchlist {
    static final int OBSERVATION_DAYS = 14;
    static final int LATEST_START_DAYS_BEFORE = 6;

    /** One person on the watchlist: the entry as published and its period in the scenario's zone. */
    public record Observation(Person person, ObservationEntry entry, ObservationPeriod period) {
        public boolean isHome() {
            return period.kind() == ObservationKind.HOME;
        }
    }

    private final List<Observation> observations;
    private final List<Observation> home;
    private final Map<Integer, Observation> byPerson = new HashMap<>();
    private final Instant knownSince;

    private SimWatchlist(List<Observation> observations, Instant knownSince) {
        this.observations = List.copyOf(observations);
        this.home = observations.stream().filter(Observation::isHome).toList();
        observations.forEach(o -> byPerson.put(o.person().index(), o));
        this.knownSince = knownSince;
    }

    /** The watchlist of {@code world}'s residents for a run starting at {@code start}. */
    static SimWatchlist build(World world, double homeShare, double centralShare, Instant start, ZoneId zone, SplittableRandom random) {
        LocalDate startDay = LocalDate.ofInstant(start, zone);
        List<Observation> observations = new ArrayList<>();
        for (Village village : world.villages()) {
            for (Person resident : village.residents()) {
                double u = random.nextDouble();
                if (u >= homeShare + centralShare) {
                    continue;
                }
                LocalDate from = startDay.minusDays(random.nextInt(LATEST_START_DAYS_BEFORE + 1));
                ObservationEntry entry = ObservationEntry.newBuilder()
                        .setPersonToken(resident.token())
                        .setKind(u < homeShare ? ObservationKind.HOME : ObservationKind.CENTRAL)
                        .setVillageCode(village.code())
                        .setFromDate(from)
                        .setToDate(from.plusDays(OBSERVATION_DAYS - 1))
                        .build();
                observations.add(new Observation(resident, entry, ObservationPeriod.of(entry, zone)));
            }
        }
        // a second before the start: earlier than any scan or check-in of the run
        return new SimWatchlist(observations, start.minusSeconds(1));
    }

    /** Everyone on the watchlist, in village then resident order. */
    public List<Observation> observations() {
        return observations;
    }

    /** Those under HOME observation (the ones who owe check-ins and can breach). */
    public List<Observation> home() {
        return home;
    }

    /** The entries to publish, keyed by their person token. */
    public List<ObservationEntry> entries() {
        return observations.stream().map(Observation::entry).toList();
    }

    /** The person's observation, or null when they are not on the watchlist. */
    public Observation of(Person person) {
        return byPerson.get(person.index());
    }

    /** When the watchlist became known: the timestamp of its records, a second before the simulated start. */
    public Instant knownSince() {
        return knownSince;
    }
}
