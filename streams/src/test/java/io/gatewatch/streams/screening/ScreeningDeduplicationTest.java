package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.common.StorePlacement;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A device retry resends the same eventId: it is counted as a duplicate and never forwarded. Every
 * case runs with the index on the heap and in RocksDB ({@code screening.dedupe.store}).
 */
class ScreeningDeduplicationTest {
    private static final String DEVICE = "gate-dev-1";

    /** The default: the index on the heap, rebuilt from the journal at every start. */
    @Nested
    class OnTheHeap extends Cases {
        OnTheHeap() {
            super(StorePlacement.IN_MEMORY);
        }
    }

    @Nested
    class InRocksDb extends Cases {
        InRocksDb() {
            super(StorePlacement.ROCKS_DB);
        }
    }

    abstract static class Cases {
        private final StorePlacement store;
        private final Map<String, String> placement;
        @AutoClose
        private ScreeningDriver screening;

        Cases(StorePlacement placement) {
            this.store = placement;
            this.placement = Map.of(ScreeningConfig.DEDUPE_STORE, placement.value());
            this.screening = ScreeningDriver.start(this.placement).register(aDevice(DEVICE).build());
        }

        /** The journal batch the index holds for (eventId, scan time), or {@link DedupeIndex#NOT_HELD}. */
        private long heldBatch(String eventId, Instant scannedAt) {
            String name = ScreeningNames.DEDUPE_INDEX_STORE;
            StateStore index = store == StorePlacement.IN_MEMORY ? screening.driver.getStateStore(name) : screening.driver.getWindowStore(name);
            return Deduplicator.index(index).batchOf(eventId, scannedAt.toEpochMilli());
        }

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
            screening = ScreeningDriver.startAtLeastOnce(placement).register(aDevice(DEVICE).build());
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
            screening = ScreeningDriver.startAtLeastOnce(placement).register(aDevice(DEVICE).build());
            screening.send(first);
            screening.send(second);
            screening = screening.restartLosing(ScreeningNames.DEDUPE_INDEX_STORE).register(aDevice(DEVICE).build());

            // When the gate resends both, and sends a new scan
            ScanEvent fresh = aScan().fromDevice(DEVICE).at(T0.plusSeconds(10)).build();
            screening.send(first, second, fresh);

            // Then both resends are recognised and only the new scan is screened
            assertThat(screening.screened()).extracting(r -> r.value().getScan().getEventId()).containsExactly(fresh.getEventId());
            assertThat(screening.count(MetricNames.SCANS_DUPLICATE)).isEqualTo(2.0);
            assertThat(heldBatch(first.getEventId(), T0)).as("rebuilt from the journal").isNotEqualTo(DedupeIndex.NOT_HELD);
        }

        @Test
        void shouldNotTrustIdsWhoseJournalBatchNeverCommitted() {
            // Given an index that kept an id although the transaction logging it aborted (the journal never got it)
            ScanEvent scan = aScan().fromDevice(DEVICE).at(T0).build();
            screening.close();
            screening = ScreeningDriver.startAtLeastOnce(placement).register(aDevice(DEVICE).build());
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

            assertThat(heldBatch(scan.getEventId(), T0)).as("the journal batch logging it").isZero();
            assertThat(heldBatch(scan.getEventId(), T0.plusMillis(1))).isEqualTo(DedupeIndex.NOT_HELD);
        }

        @Test
        void shouldForgetEventIdsOnceOutOfRetention() {
            // Given a 1 h de-duplication retention and max age
            screening.close();
            Map<String, String> hourly = new HashMap<>(placement);
            hourly.put(ScreeningConfig.DEDUPE_RETENTION_MS, "3600000");
            hourly.put(ScreeningConfig.MAX_AGE_MS, "3600000");
            screening = ScreeningDriver.start(hourly);
            screening.register(aDevice(DEVICE).build());
            ScanEvent scan = aScan().fromDevice(DEVICE).at(T0).build();
            screening.send(scan);

            // When stream time moves on by far more than the retention
            Instant later = T0.plus(Duration.ofHours(6));
            screening.clock.set(later);
            screening.send(aScan().fromDevice(DEVICE).at(later).build());

            // Then the old id is gone from the store, and the old scan itself is too old to be screened again
            assertThat(heldBatch(scan.getEventId(), T0)).isEqualTo(DedupeIndex.NOT_HELD);
            screening.send(scan);
            assertThat(screening.screened()).hasSize(2);
            assertThat(screening.count(MetricNames.SCANS_REJECTED, "reason", "stale_timestamp")).isEqualTo(1.0);
        }
    }
}
