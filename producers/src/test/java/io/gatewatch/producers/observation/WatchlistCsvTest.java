package io.gatewatch.producers.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gatewatch.producers.gate.Pseudonymizer;
import io.gatewatch.producers.observation.WatchlistCsv.Mode;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationKind;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchlistCsvTest {
    private static final String RAW_ID = "33011019800101123X";
    private static final String VILLAGE = "330110001001";
    private final Pseudonymizer pseudonymizer = new Pseudonymizer("a-deployment-secret-of-enough-bytes".getBytes(StandardCharsets.UTF_8));
    private final WatchlistCsv csv = new WatchlistCsv(pseudonymizer);

    @Test
    void shouldPseudonymiseRawIdsWithTheDeploymentSecret() {
        List<ObservationEntry> entries = csv.parse(List.of(
                "personId,kind,villageCode,from,to",
                RAW_ID + ",HOME," + VILLAGE + ",2026-12-01,2026-12-14"), Mode.IMPORT);

        assertThat(entries).containsExactly(ObservationEntry.newBuilder()
                .setPersonToken(pseudonymizer.token(RAW_ID))
                .setKind(ObservationKind.HOME)
                .setVillageCode(VILLAGE)
                .setFromDate(LocalDate.of(2026, 12, 1))
                .setToDate(LocalDate.of(2026, 12, 14))
                .setReleasedOn(null)
                .build());
        assertThat(entries.get(0).toString()).doesNotContain(RAW_ID);
    }

    @Test
    void shouldTakeTokensAsTheyAreInAnyColumnOrder() {
        String token = pseudonymizer.token(RAW_ID);

        List<ObservationEntry> entries = csv.parse(List.of(
                "# from the county health commission",
                "kind,personToken,from,to,villageCode",
                "central," + token + ",2026-12-01,2026-12-14," + VILLAGE), Mode.IMPORT);

        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.getPersonToken()).isEqualTo(token);
            assertThat(e.getKind()).isEqualTo(ObservationKind.CENTRAL);
        });
    }

    @Test
    void shouldReadTheReleaseDayInAReleaseFile() {
        List<ObservationEntry> entries = csv.parse(List.of(
                "personId,kind,villageCode,from,to,releasedOn",
                RAW_ID + ",HOME," + VILLAGE + ",2026-12-01,2026-12-14,2026-12-06"), Mode.RELEASE);

        assertThat(entries).singleElement().extracting(ObservationEntry::getReleasedOn).isEqualTo(LocalDate.of(2026, 12, 6));
    }

    @Test
    void shouldRefuseTheWholeFileNamingEveryBadLineButNeverTheId() {
        InvalidWatchlistException refused = catchThrowableOfType(InvalidWatchlistException.class, () -> csv.parse(List.of(
                "personId,kind,villageCode,from,to",
                RAW_ID + ",HOME," + VILLAGE + ",2026-12-01,2026-12-14",
                "110101199001011234,AT_HOME," + VILLAGE + ",2026-12-01,2026-12-14",
                "110101199001015678,HOME,3301,2026-12-14,2026-12-01",
                " " + RAW_ID.toLowerCase() + ",HOME," + VILLAGE + ",2026-12-01,2026-12-14"), Mode.IMPORT));

        assertThat(refused.problems()).containsExactly(
                "line 3: kind must be HOME or CENTRAL, was 'AT_HOME'",
                "line 4: villageCode must be 12 digits",
                "line 4: to 2026-12-01 is before from 2026-12-14",
                "line 5: the same person as line 2");
        assertThat(refused.getMessage()).doesNotContain(RAW_ID).doesNotContain("110101199001011234");
    }

    @Test
    void shouldRefuseAHeaderWithoutTheReleaseDayForARelease() {
        InvalidWatchlistException refused = catchThrowableOfType(InvalidWatchlistException.class, () -> csv.parse(List.of(
                "personId,kind,villageCode,from,to",
                RAW_ID + ",HOME," + VILLAGE + ",2026-12-01,2026-12-14"), Mode.RELEASE));

        assertThat(refused.problems()).singleElement().asString().startsWith("line 1: the header has no releasedOn column");
    }

    @Test
    void shouldRefuseAValueThatIsNotAToken() {
        InvalidWatchlistException refused = catchThrowableOfType(InvalidWatchlistException.class, () -> csv.parse(List.of(
                "personToken,kind,villageCode,from,to",
                RAW_ID + ",HOME," + VILLAGE + ",2026-12-01,2026-12-14"), Mode.IMPORT));

        assertThat(refused.problems()).containsExactly("line 2: personToken is not a person token (43 base64url characters)");
    }
}
