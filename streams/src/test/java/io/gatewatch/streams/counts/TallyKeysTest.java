package io.gatewatch.streams.counts;

import static io.gatewatch.streams.counts.CountsRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.WindowSize;
import org.junit.jupiter.api.Test;

class TallyKeysTest {
    private static final CountWindow TWO_O_CLOCK = new CountWindow(WindowSize.HOUR, 7_200_000L, 10_800_000L);
    private static final CountWindow THREE_O_CLOCK = new CountWindow(WindowSize.HOUR, 10_800_000L, 14_400_000L);
    private static final CountWindow THAT_DAY = new CountWindow(WindowSize.DAY, -28_800_000L, 57_600_000L);

    private final TallyKeys keys = new TallyKeys();

    @Test
    void shouldGiveEachLevelTheKeyOfItsAreaInTheWindow() {
        ScreenedScan scan = aScan().atCheckpoint("G1").inVillage("330127001001").build();

        assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.CHECKPOINT, scan)).isEqualTo(keyOf(TWO_O_CLOCK, AreaLevel.CHECKPOINT, "G1"));
        assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.VILLAGE, scan)).isEqualTo(keyOf(TWO_O_CLOCK, AreaLevel.VILLAGE, "330127001001"));
        assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.TOWNSHIP, scan)).isEqualTo(keyOf(TWO_O_CLOCK, AreaLevel.TOWNSHIP, "330127001"));
        assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.COUNTY, scan)).isEqualTo(keyOf(TWO_O_CLOCK, AreaLevel.COUNTY, "330127"));
    }

    @Test
    void shouldReuseTheKeyOfAPlaceForEveryScanOfTheWindow() {
        ScreenedScan first = aScan().atCheckpoint("G1").inVillage("330127001001").build();
        ScreenedScan second = aScan().atCheckpoint("G1").inVillage("330127001001").build();

        assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.TOWNSHIP, second)).isSameAs(keys.keyOf(TWO_O_CLOCK, AreaLevel.TOWNSHIP, first));
    }

    @Test
    void shouldKeepPlacesApartAtTheirOwnLevelAndTogetherAboveIt() {
        ScreenedScan east = aScan().atCheckpoint("G1").inVillage("330127001001").build();
        ScreenedScan west = aScan().atCheckpoint("G2").inVillage("330127001002").build();

        assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.CHECKPOINT, west)).isNotEqualTo(keys.keyOf(TWO_O_CLOCK, AreaLevel.CHECKPOINT, east));
        assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.VILLAGE, west)).isNotEqualTo(keys.keyOf(TWO_O_CLOCK, AreaLevel.VILLAGE, east));
        assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.TOWNSHIP, west)).isEqualTo(keys.keyOf(TWO_O_CLOCK, AreaLevel.TOWNSHIP, east));
    }

    @Test
    void shouldGiveTheKeysOfTheNewWindowWhenTheWindowMoves() {
        ScreenedScan scan = aScan().atCheckpoint("G1").inVillage("330127001001").build();
        keys.keyOf(TWO_O_CLOCK, AreaLevel.VILLAGE, scan);

        assertThat(keys.keyOf(THREE_O_CLOCK, AreaLevel.VILLAGE, scan)).isEqualTo(keyOf(THREE_O_CLOCK, AreaLevel.VILLAGE, "330127001001"));
        assertThat(keys.keyOf(THAT_DAY, AreaLevel.VILLAGE, scan)).isEqualTo(keyOf(THAT_DAY, AreaLevel.VILLAGE, "330127001001"));
        // a late scan of the earlier hour after the hour moved on
        assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.VILLAGE, scan)).isEqualTo(keyOf(TWO_O_CLOCK, AreaLevel.VILLAGE, "330127001001"));
    }

    @Test
    void shouldStillGiveRightKeysBeyondTheNumberOfPlacesItRemembers() {
        for (int i = 0; i <= TallyKeys.MAX_PLACES + 1; i++) {
            String checkpoint = "G" + i;
            ScreenedScan scan = aScan().atCheckpoint(checkpoint).inVillage("330127001001").build();

            assertThat(keys.keyOf(TWO_O_CLOCK, AreaLevel.CHECKPOINT, scan)).isEqualTo(keyOf(TWO_O_CLOCK, AreaLevel.CHECKPOINT, checkpoint));
        }
    }

    private static org.apache.kafka.common.utils.Bytes keyOf(CountWindow window, AreaLevel level, String area) {
        return new WindowKey(window.size(), window.start(), level, area).toBytes();
    }
}
