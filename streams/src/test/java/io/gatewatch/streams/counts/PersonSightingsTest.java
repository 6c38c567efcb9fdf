package io.gatewatch.streams.counts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonSightingsTest {

    @Test
    void shouldBeNewEverywhereOnTheFirstSighting() {
        PersonSightings.Novelty novelty = PersonSightings.none().see("110105001001", "G1", true);

        assertThat(novelty).isEqualTo(new PersonSightings.Novelty(true, true, true, true));
    }

    @Test
    void shouldBeNewOnlyAtTheCheckpointForASecondGateOfTheSameVillage() {
        PersonSightings sightings = PersonSightings.none();
        sightings.see("110105001001", "G1", true);

        assertThat(sightings.see("110105001001", "G2", false)).isEqualTo(new PersonSightings.Novelty(false, false, false, true));
    }

    @Test
    void shouldBeNewToAVillageButNotToItsTownshipWhenSeenInANeighbourVillage() {
        PersonSightings sightings = PersonSightings.none();
        sightings.see("110105001001", "G1", true);

        assertThat(sightings.see("110105001002", "G3", false)).isEqualTo(new PersonSightings.Novelty(false, false, true, true));
        assertThat(sightings.see("110105002001", "G4", false)).isEqualTo(new PersonSightings.Novelty(false, true, true, true));
    }

    @Test
    void shouldBeNewNowhereOnARepeat() {
        PersonSightings sightings = PersonSightings.none();
        sightings.see("110105001001", "G1", true);

        PersonSightings.Novelty repeat = sightings.see("110105001001", "G1", false);

        assertThat(repeat.any()).isFalse();
        assertThat(repeat).isEqualTo(new PersonSightings.Novelty(false, false, false, false));
    }

    @Test
    void shouldRememberWhatItStored() {
        PersonSightings sightings = PersonSightings.none();
        sightings.see("110105001001", "卡口-东门", true);
        sightings.see("110105002001", "G4", false);

        PersonSightings read = PersonSightings.fromBytes(sightings.toBytes());

        assertThat(read.see("110105001001", "卡口-东门", false).any()).isFalse();
        assertThat(read.see("110105002001", "G4", false).any()).isFalse();
        assertThat(read.see("110105002002", "G5", false)).isEqualTo(new PersonSightings.Novelty(false, false, true, true));
    }
}
