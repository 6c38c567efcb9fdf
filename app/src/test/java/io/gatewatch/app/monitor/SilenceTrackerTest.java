package io.gatewatch.app.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SilenceTrackerTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_000_000L;

    private final SilenceTracker tracker = new SilenceTracker();

    @Test
    void shouldMeasureTheLongestSilenceOfActiveDevices() {
        tracker.register("G1-D1", T0);
        tracker.register("G2-D1", T0);
        tracker.heard("G1-D1", T0 + 25 * MINUTE);

        assertThat(tracker.maxSilenceMs(T0 + 40 * MINUTE)).isEqualTo(40 * MINUTE);
    }

    @Test
    void shouldCountDevicesSilentForTheThresholdOrLonger() {
        tracker.register("G1-D1", T0);
        tracker.register("G2-D1", T0);
        tracker.register("G3-D1", T0);
        tracker.heard("G2-D1", T0 + 10 * MINUTE);
        tracker.heard("G3-D1", T0 + 31 * MINUTE);

        assertThat(tracker.silentDevices(T0 + 40 * MINUTE, 30 * MINUTE)).isEqualTo(2); // G1 at 40 min, G2 at exactly 30
    }

    @Test
    void shouldIgnoreUnregisteredSendersAndRetiredDevices() {
        tracker.register("G1-D1", T0);
        tracker.heard("app-7f6c", T0);
        tracker.register("G9-D1", T0);
        tracker.retire("G9-D1");

        assertThat(tracker.activeDevices()).isEqualTo(1);
        assertThat(tracker.silentDevices(T0 + 60 * MINUTE, 30 * MINUTE)).isEqualTo(1);
    }

    @Test
    void shouldKeepTheLatestTimeWhenDataArrivesOutOfOrder() {
        tracker.register("G1-D1", T0);
        tracker.heard("G1-D1", T0 + 20 * MINUTE);
        tracker.heard("G1-D1", T0 + 5 * MINUTE);

        assertThat(tracker.maxSilenceMs(T0 + 30 * MINUTE)).isEqualTo(10 * MINUTE);
    }

    @Test
    void shouldNotRestartSilenceWhenARegistrationIsRepublished() {
        tracker.register("G1-D1", T0);
        tracker.register("G1-D1", T0 + 50 * MINUTE);

        assertThat(tracker.maxSilenceMs(T0 + 60 * MINUTE)).isEqualTo(60 * MINUTE);
    }

    @Test
    void shouldReportNoSilenceWithoutActiveDevices() {
        assertThat(tracker.maxSilenceMs(T0)).isZero();
        assertThat(tracker.silentDevices(T0, MINUTE)).isZero();
    }
}
