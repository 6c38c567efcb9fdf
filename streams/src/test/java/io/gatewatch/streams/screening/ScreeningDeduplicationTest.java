package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A device retry resends the same eventId: it is counted as a duplicate and never forwarded. */
class ScreeningDeduplicationTest {
    private static final String DEVICE = "gate-dev-1";
    @AutoClose
    private ScreeningDriver screening = ScreeningDriver.start().register(aDevice(DEVICE).build());

    @Test
    void shouldForwardFirstScanAndDropItsRetry() {
        // Given a fever scan and its retry
        ScanEvent scan = aScan().fromDevice(DEVICE).withTemperature(38.2).build();

        screening.send(scan, scan);

        assertThat(screening.screened()).hasSize(1);
        assertThat(screening.alerts(Topics.ALERTS_FEVER)).hasSize(1);
        assertThat(screening.count(MetricNames.SCANS_DUPLICATE)).isEqualTo(1.0);
        assertThat(screening.total(MetricNames.SCANS)).isEqualTo(1.0);
    }

    @Test
    void shouldDropRetryArrivingHoursLater() {
        // Given a scan, then its retry uploaded 20 hours later by a gate that was offline
        ScanEvent scan = aScan().fromDevice(DEVICE).at(T0).build();
        screening.send(scan);
        screening.clock.advance(Duration.ofHours(20));
        screening.send(aScan().fromDevice(DEVICE).at(T0.plus(Duration.ofHours(20))).build());

        screening.send(scan);

        assertThat(screening.screened()).hasSize(2);
        assertThat(screening.count(MetricNames.SCANS_DUPLICATE)).isEqualTo(1.0);
    }

    @Test
    void shouldDropRetryEvenIfItsContentDiffers() {
        // Given a retry whose payload was re-read differently: the id decides
        ScanEvent first = aScan().fromDevice(DEVICE).withEventId("dev1-000042").withTemperature(36.5).build();
        ScanEvent retry = aScan().fromDevice(DEVICE).withEventId("dev1-000042").withTemperature(36.6).build();

        screening.send(first, retry);

        assertThat(screening.screened()).extracting(r -> r.value().getTemperatureCelsius()).containsExactly(36.5);
    }

    @Test
    void shouldScreenAReusedEventIdWithAnotherScanTimeAsANewScan() {
        // Given a device whose sequence-based ids restarted after a reset
        ScanEvent before = aScan().fromDevice(DEVICE).withEventId("dev1-000001").at(T0).build();
        ScanEvent after = aScan().fromDevice(DEVICE).withEventId("dev1-000001").at(T0.plusSeconds(90)).build();

        screening.send(before, after);

        assertThat(screening.screened()).hasSize(2);
        assertThat(screening.count(MetricNames.SCANS_DUPLICATE)).isZero();
    }

    @Test
    void shouldScreenDistinctEventsFromTheSameDevice() {
        screening.send(aScan().fromDevice(DEVICE).build(), aScan().fromDevice(DEVICE).build());

        assertThat(screening.screened()).hasSize(2);
        assertThat(screening.count(MetricNames.SCANS_DUPLICATE)).isZero();
    }

    @Test
    void shouldLetRetryThroughWhenTheFirstAttemptWasRefused() {
        // Given a scan refused because its device was not registered yet
        ScanEvent scan = aScan().fromDevice("gate-dev-new").build();
        screening.send(scan);

        // When the device is registered and the gate retries
        screening.register(aDevice("gate-dev-new").build());
        screening.send(scan);

        // Then the retry is screened: a refusal does not consume the event id
        assertThat(screening.rejected()).hasSize(1);
        assertThat(screening.screened()).hasSize(1);
        assertThat(screening.count(MetricNames.SCANS_DUPLICATE)).isZero();
    }

    @Test
    void shouldRecogniseARetryAfterARestartOnTheKeptState() {
        ScanEvent scan = aScan().fromDevice(DEVICE).withTemperature(38.2).build();
        screening.close();
        screening = ScreeningDriver.startAtLeastOnce().register(aDevice(DEVICE).build());
        screening.send(scan);

        screening = screening.restart().register(aDevice(DEVICE).build());
        screening.send(scan);

        assertThat(screening.screened()).isEmpty();
        assertThat(screening.count(MetricNames.SCANS_DUPLICATE)).isEqualTo(1.0);
    }

    @Test
    void shouldRebuildTheIndexFromTheJournalWhenARestartFindsItWiped() {
        // Given scans screened over several commits, then a crash that leaves only the logged journal
        ScanEvent first = aScan().fromDevice(DEVICE).at(T0).build();
        ScanEvent second = aScan().fromDevice(DEVICE).at(T0.plusSeconds(5)).build();
        screening.close();
        screening = ScreeningDriver.startAtLeastOnce().register(aDevice(DEVICE).build());
        screening.send(first);
        screening.send(second);
        screening = screening.restartLosing(ScreeningNames.DEDUPE_INDEX_STORE).register(aDevice(DEVICE).build());

        // When the gate resends both, and sends a new scan
        ScanEvent fresh = aScan().fromDevice(DEVICE).at(T0.plusSeconds(10)).build();
        screening.send(first, second, fresh);

        // Then both resends are recognised and only the new scan is screened
        assertThat(screening.screened()).extracting(r -> r.value().getScan().getEventId()).containsExactly(fresh.getEventId());
        assertThat(screening.count(MetricNames.SCANS_DUPLICATE)).isEqualTo(2.0);
        WindowStore<String, Long> index = screening.driver.getWindowStore(ScreeningNames.DEDUPE_INDEX_STORE);
        assertThat(index.fetch(first.getEventId(), T0.toEpochMilli())).as("rebuilt from the journal").isNotNull();
    }

    @Test
    void shouldNotTrustIdsWhoseJournalBatchNeverCommitted() {
        // Given an index that kept an id although the transaction logging it aborted (the journal never got it)
        ScanEvent scan = aScan().fromDevice(DEVICE).at(T0).build();
        screening.close();
        screening = ScreeningDriver.startAtLeastOnce().register(aDevice(DEVICE).build());
        screening.send(scan);
        screening = screening.restartLosing(ScreeningNames.DEDUPE_JOURNAL_STORE).register(aDevice(DEVICE).build());

        // When the scan is processed again (its output was never committed either)
        screening.send(scan);
        ScanEvent next = aScan().fromDevice(DEVICE).at(T0.plusSeconds(5)).build();
        screening.send(next, next);

        // Then it is screened, and de-duplication goes on working for what follows
        assertThat(screening.screened()).extracting(r -> r.value().getScan().getEventId())
                .containsExactly(scan.getEventId(), next.getEventId());
        assertThat(screening.count(MetricNames.SCANS_DUPLICATE)).isEqualTo(1.0);
    }

    @Test
    void shouldRememberEventIdsAtTheirEventTime() {
        ScanEvent scan = aScan().fromDevice(DEVICE).at(T0).build();

        screening.send(scan);

        WindowStore<String, Long> store = screening.driver.getWindowStore(ScreeningNames.DEDUPE_INDEX_STORE);
        assertThat(store.fetch(scan.getEventId(), T0.toEpochMilli())).as("the journal batch logging it").isZero();
        assertThat(store.fetch(scan.getEventId(), T0.toEpochMilli() + 1)).isNull();
    }

    @Test
    void shouldForgetEventIdsOnceOutOfRetention() {
        // Given a 1 h de-duplication retention and max age
        screening.close();
        screening = ScreeningDriver.start(java.util.Map.of(ScreeningConfig.DEDUPE_RETENTION_MS, "3600000",
                ScreeningConfig.MAX_AGE_MS, "3600000"));
        screening.register(aDevice(DEVICE).build());
        ScanEvent scan = aScan().fromDevice(DEVICE).at(T0).build();
        screening.send(scan);

        // When stream time moves on by far more than the retention
        Instant later = T0.plus(Duration.ofHours(6));
        screening.clock.set(later);
        screening.send(aScan().fromDevice(DEVICE).at(later).build());

        // Then the old id is gone from the store, and the old scan itself is too old to be screened again
        WindowStore<String, Long> store = screening.driver.getWindowStore(ScreeningNames.DEDUPE_INDEX_STORE);
        assertThat(store.fetch(scan.getEventId(), T0.toEpochMilli())).isNull();
        screening.send(scan);
        assertThat(screening.screened()).hasSize(2);
        assertThat(screening.count(MetricNames.SCANS_REJECTED, "reason", "stale_timestamp")).isEqualTo(1.0);
    }
}
