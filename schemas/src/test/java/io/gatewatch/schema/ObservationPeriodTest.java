package io.gatewatch.schema;

import static io.gatewatch.schema.testing.ObservationEntryBuilder.anObservation;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ObservationPeriodTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static ObservationEntry home(String from, String to, String releasedOn) {
        return anObservation().withPersonToken("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde").inVillage("330110001001")
                .from(LocalDate.parse(from)).to(LocalDate.parse(to))
                .releasedOn(releasedOn == null ? null : LocalDate.parse(releasedOn))
                .build();
    }

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
    }

    @Test
    void shouldCoverFromLocalMidnightOfTheFirstDayToTheEndOfTheLastDay() {
        ObservationPeriod period = ObservationPeriod.of(home("2026-12-01", "2026-12-14", null), SHANGHAI);

        assertThat(period.isBreachedBy(local("2026-11-30T23:59:59"))).isFalse();
        assertThat(period.isBreachedBy(local("2026-12-01T00:00:00"))).isTrue();
        assertThat(period.isBreachedBy(local("2026-12-14T23:59:59"))).isTrue();
        assertThat(period.isBreachedBy(local("2026-12-15T00:00:00"))).isFalse();
    }

    @Test
    void shouldEndTheDayBeforeTheRelease() {
        ObservationPeriod period = ObservationPeriod.of(home("2026-12-01", "2026-12-14", "2026-12-06"), SHANGHAI);

        assertThat(period.isBreachedBy(local("2026-12-05T23:00:00"))).isTrue();
        assertThat(period.isBreachedBy(local("2026-12-06T08:00:00"))).isFalse();
    }

    @Test
    void shouldCoverNothingWhenReleasedBeforeItBegan() {
        ObservationPeriod period = ObservationPeriod.of(home("2026-12-10", "2026-12-14", "2026-12-06"), SHANGHAI);

        assertThat(period.start()).isEqualTo(period.end());
        assertThat(period.covers(local("2026-12-10T08:00:00"))).isFalse();
    }

    @Test
    void shouldNotCallAGateScanUnderCentralObservationABreach() {
        ObservationEntry central = home("2026-12-01", "2026-12-14", null);
        central.setKind(ObservationKind.CENTRAL);
        ObservationPeriod period = ObservationPeriod.of(central, SHANGHAI);

        assertThat(period.covers(local("2026-12-03T10:00:00"))).isTrue();
        assertThat(period.isBreachedBy(local("2026-12-03T10:00:00"))).isFalse();
    }
}
