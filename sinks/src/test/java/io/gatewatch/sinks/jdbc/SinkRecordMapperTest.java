package io.gatewatch.sinks.jdbc;

import static io.gatewatch.schema.testing.DeviceRegistrationBuilder.aDevice;
import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static io.gatewatch.sinks.testing.Alerts.T0;
import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static io.gatewatch.sinks.testing.Counts.aCount;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.LateScanHeaders;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.poison.PoisonReason;
import io.gatewatch.sinks.testing.Counts;
import io.gatewatch.sinks.testing.Observations;
import io.gatewatch.sinks.testing.WireRecords;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SinkRecordMapperTest {
    private final WireRecords wire = new WireRecords();
    private final SinkRecordMapper mapper = new SinkRecordMapper(wire.registry());

    @Test
    void shouldFlattenAnAlertIntoItsRow() {
        var alert = anAlert().forEvent("E9").ofType(AlertType.NON_GREEN_CODE).withSeverity(Severity.CRITICAL)
                .withCode(HealthCodeColour.RED).inVillage("110101001002").alsoSeenAt("CP1", "CP2").at(T0).build();

        SinkRow row = mapper.map(wire.record(Topics.ALERTS_HEALTHCODE, 2, 41, "110101001002", alert));

        assertThat(row).isInstanceOfSatisfying(AlertRow.class, a -> {
            assertThat(a.alertId()).isEqualTo("E9/NON_GREEN_CODE");
            assertThat(a.severity()).isEqualTo("CRITICAL");
            assertThat(a.severityRank()).isEqualTo(Severity.CRITICAL.ordinal());
            assertThat(a.healthCode()).isEqualTo("RED");
            assertThat(a.rawTemperatureUnit()).isEqualTo("CELSIUS");
            assertThat(a.relatedCheckpoints()).containsExactly("CP1", "CP2");
            assertThat(a.scannedAt()).isEqualTo(T0);
            assertThat(a.source()).extracting(RecordSource::topic, RecordSource::partition, RecordSource::offset,
                    RecordSource::timestamp).containsExactly(Topics.ALERTS_HEALTHCODE, 2, 41L, T0);
        });
    }

    @Test
    void shouldRouteUndecodableBytesToTheDeadLetterRow() {
        var record = WireRecords.raw(Topics.ALERTS_FEVER, 0, 5, T0, null, new byte[] {1, 2, 3, 4, 5, 6}, new RecordHeaders());

        SinkRow row = mapper.map(record);

        assertThat(row).isInstanceOfSatisfying(DeadLetterRow.class, d -> {
            assertThat(d.reason()).isEqualTo(PoisonReason.UNDESERIALIZABLE);
            assertThat(d.error()).contains("magic byte");
            assertThat(d.valueSize()).isEqualTo(6);
            assertThat(d.keySize()).isEqualTo(-1);
        });
    }

    @Test
    void shouldRouteAnAlertTombstoneToTheDeadLetterRow() {
        var record = WireRecords.raw(Topics.ALERTS_FEVER, 0, 5, T0, wire.key(Topics.ALERTS_FEVER, "110101001001"), null,
                new RecordHeaders());

        assertThat(mapper.map(record)).isInstanceOfSatisfying(DeadLetterRow.class, d -> {
            assertThat(d.reason()).isEqualTo(PoisonReason.CONTRACT_VIOLATION);
            assertThat(d.error()).contains("tombstone");
        });
    }

    @Test
    void shouldSetAsideACountWhoseCheckpointHoldsANul() {
        // Given repro 2 of issue 13: a checkpoint id "CP\u0000X" that reached the counts
        Counts count = aCount().forCheckpoint("CP\u0000X");

        // When
        SinkRow row = mapper.map(wire.record(Topics.COUNTS_HOURLY, 1, 7, count.key(), count.build()));

        // Then: set aside whole, with a reason and a message that does not carry the text
        assertThat(row).isInstanceOfSatisfying(DeadLetterRow.class, d -> {
            assertThat(d.reason()).isEqualTo(PoisonReason.INVALID_TEXT);
            assertThat(d.error()).isEqualTo("areaCode: must not contain NUL (U+0000 at position 2)");
            assertThat(d.source().offset()).isEqualTo(7);
        });
    }

    @Test
    void shouldSetAsideALateScanFromBeyondTheYear9999() {
        var scan = aScan().at(java.time.Instant.parse("+10000-01-01T00:00:00Z")).build();

        assertThat(mapper.map(wire.record(Topics.SCANS_LATE, 0, 0, "D1", scan)))
                .isInstanceOfSatisfying(DeadLetterRow.class, d -> {
                    assertThat(d.reason()).isEqualTo(PoisonReason.OUT_OF_RANGE);
                    assertThat(d.error()).startsWith("scannedAt: time outside the years 1 to 9999");
                });
    }

    @Test
    void shouldSetAsideARejectedScanWhoseReasonHeaderIsNotStrictUtf8() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RejectedRecordHeaders.REASON, new byte[] {'b', (byte) 0xC0, (byte) 0x80, 'd'}); // overlong NUL
        var record = WireRecords.raw(Topics.SCANS_REJECTED, 0, 0, T0, null, new byte[1], headers);

        assertThat(mapper.map(record)).isInstanceOfSatisfying(DeadLetterRow.class, d -> {
            assertThat(d.reason()).isEqualTo(PoisonReason.INVALID_TEXT);
            assertThat(d.error()).isEqualTo("header " + RejectedRecordHeaders.REASON + " is not strict UTF-8");
        });
    }

    @Test
    void shouldNeverCutASurrogatePairWhenShorteningARejectMessage() {
        String message = "x".repeat(RejectedScanRow.MAX_MESSAGE_LENGTH - 1) + "\uD83D\uDE00 and more";
        var record = WireRecords.raw(Topics.SCANS_REJECTED, 0, 0, T0, null, new byte[1],
                WireRecords.headers(Map.of(RejectedRecordHeaders.MESSAGE, message)));

        assertThat(mapper.map(record)).isInstanceOfSatisfying(RejectedScanRow.class,
                r -> assertThat(r.message()).isEqualTo("x".repeat(RejectedScanRow.MAX_MESSAGE_LENGTH - 1)));
    }

    @Test
    void shouldKeyACountByItsAreaCountKey() {
        Counts count = aCount().forCounty("110101").daily().from(T0).withScans(42);

        SinkRow row = mapper.map(wire.record(Topics.COUNTS_DAILY, 0, 1, count.key(), count.build()));

        assertThat(row).isInstanceOfSatisfying(AreaCountRow.class, c -> {
            assertThat(c.key()).isEqualTo(new AreaCountRow.Key("COUNTY", "110101", "DAY", T0));
            assertThat(c.count().getScans()).isEqualTo(42);
            assertThat(c.isDeletion()).isFalse();
        });
    }

    @Test
    void shouldReadTheLocalDateOfADayCount() {
        Counts count = aCount().daily().from(java.time.Instant.parse("2026-12-05T16:00:00Z"))
                .onLocal("2026-12-06", "2026-12-06T00:00:00");

        SinkRow row = mapper.map(wire.record(Topics.COUNTS_DAILY, 0, 1, count.key(), count.build()));

        assertThat(row).isInstanceOfSatisfying(AreaCountRow.class, c -> {
            assertThat(c.localDate()).isEqualTo(java.time.LocalDate.of(2026, 12, 6));
            assertThat(c.localStart()).isEqualTo(java.time.LocalDateTime.of(2026, 12, 6, 0, 0));
        });
    }

    @Test
    void shouldMapACountWrittenBeforeCountsCarriedTheLocalDate() {
        Counts count = aCount().daily();

        assertThat(mapper.map(wire.record(Topics.COUNTS_DAILY, 0, 1, count.key(), count.build())))
                .isInstanceOfSatisfying(AreaCountRow.class, c -> assertThat(c.localDate()).isNull());
    }

    @Test
    void shouldSetAsideACountWhoseLocalDateIsNotADate() {
        Counts count = aCount().daily().onLocal("2026-13-06", "2026-12-06T00:00:00");

        assertThat(mapper.map(wire.record(Topics.COUNTS_DAILY, 0, 1, count.key(), count.build())))
                .isInstanceOfSatisfying(DeadLetterRow.class, d -> {
                    assertThat(d.reason()).isEqualTo(PoisonReason.CONTRACT_VIOLATION);
                    assertThat(d.error()).startsWith("localDate/localStart not an ISO-8601 local date (time)");
                });
    }

    @Test
    void shouldTurnACountTombstoneIntoADeletion() {
        Counts count = aCount();
        var record = WireRecords.raw(Topics.COUNTS_HOURLY, 0, 1, T0, wire.key(Topics.COUNTS_HOURLY, count.key()), null,
                new RecordHeaders());

        assertThat(mapper.map(record)).isInstanceOfSatisfying(AreaCountRow.class, c -> assertThat(c.isDeletion()).isTrue());
    }

    @Test
    void shouldReadTheRejectReasonAndSourceFromTheGateWatchHeaders() {
        var headers = WireRecords.headers(Map.of(
                RejectedRecordHeaders.REASON, "MISSING_FIELD",
                RejectedRecordHeaders.MESSAGE, "eventId is missing",
                RejectedRecordHeaders.SOURCE_TOPIC, Topics.SCANS,
                RejectedRecordHeaders.SOURCE_PARTITION, "3",
                RejectedRecordHeaders.SOURCE_OFFSET, "1234"));
        var record = WireRecords.raw(Topics.SCANS_REJECTED, 1, 9, T0, new byte[4], new byte[20], headers);

        assertThat(mapper.map(record)).isEqualTo(new RejectedScanRow(new RecordSource(Topics.SCANS_REJECTED, 1, 9, T0, 4, 20),
                "MISSING_FIELD", "eventId is missing", Topics.SCANS, 3, 1234L, 4, 20));
    }

    @Test
    void shouldReadBinaryPartitionAndOffsetHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RejectedRecordHeaders.SOURCE_PARTITION, ByteBuffer.allocate(4).putInt(7).array());
        headers.add(RejectedRecordHeaders.SOURCE_OFFSET, ByteBuffer.allocate(8).putLong(99_000_000_000L).array());
        var record = WireRecords.raw(Topics.SCANS_REJECTED, 0, 0, T0, null, new byte[1], headers);

        assertThat(mapper.map(record)).isInstanceOfSatisfying(RejectedScanRow.class, r -> {
            assertThat(r.sourcePartition()).isEqualTo(7);
            assertThat(r.sourceOffset()).isEqualTo(99_000_000_000L);
        });
    }

    @Test
    void shouldFallBackToTheKafkaStreamsDeadLetterHeaders() {
        var headers = WireRecords.headers(Map.of(
                "__streams.errors.exception", "org.apache.kafka.common.errors.SerializationException",
                "__streams.errors.topic", Topics.SCANS,
                "__streams.errors.partition", "2",
                "__streams.errors.offset", "77"));
        var record = WireRecords.raw(Topics.SCANS_REJECTED, 0, 0, T0, null, new byte[1], headers);

        assertThat(mapper.map(record)).isInstanceOfSatisfying(RejectedScanRow.class, r -> {
            assertThat(r.reason()).isEqualTo("org.apache.kafka.common.errors.SerializationException");
            assertThat(r.sourceTopic()).isEqualTo(Topics.SCANS);
            assertThat(r.sourcePartition()).isEqualTo(2);
            assertThat(r.sourceOffset()).isEqualTo(77L);
        });
    }

    @Test
    void shouldCountARejectedRecordWithoutReasonAsUnknown() {
        var record = WireRecords.raw(Topics.SCANS_REJECTED, 0, 0, T0, null, new byte[1], new RecordHeaders());

        assertThat(mapper.map(record)).isInstanceOfSatisfying(RejectedScanRow.class,
                r -> assertThat(r.reason()).isEqualTo(RejectedScanRow.UNKNOWN_REASON));
    }

    @Test
    void shouldCutLongRejectMessages() {
        var headers = WireRecords.headers(Map.of(RejectedRecordHeaders.MESSAGE, "x".repeat(2_000)));
        var record = WireRecords.raw(Topics.SCANS_REJECTED, 0, 0, T0, null, new byte[1], headers);

        assertThat(mapper.map(record)).isInstanceOfSatisfying(RejectedScanRow.class,
                r -> assertThat(r.message()).hasSize(RejectedScanRow.MAX_MESSAGE_LENGTH));
    }

    @Test
    void shouldBucketALateScanByTheHourItHappened() {
        var scan = aScan().fromDevice("D7").at(T0.plusSeconds(1_800)).build();

        SinkRow row = mapper.map(wire.record(Topics.SCANS_LATE, 0, 0, "D7", scan));

        assertThat(row).isInstanceOfSatisfying(LateScanRow.class, l -> {
            assertThat(l.deviceId()).isEqualTo("D7");
            assertThat(l.hourStart()).isEqualTo(T0);
        });
    }

    @Test
    void shouldFileALateScanFromAGateThatReportsNoVillageWhereTheCountsPlacedIt() {
        var scan = aScan().fromDevice("D7").inVillage(null).at(T0).build();

        SinkRow row = mapper.map(late(scan, "330127101201", "CP-EAST", "hour"));

        assertThat(row).isInstanceOfSatisfying(LateScanRow.class, l -> {
            assertThat(l.villageCode()).isEqualTo("330127101201");
            assertThat(l.checkpointId()).isEqualTo("CP-EAST");
            assertThat(l.window()).isEqualTo("hour");
        });
    }

    @Test
    void shouldFileALateScanFromAGateThatReportsAWrongVillageWhereTheCountsPlacedIt() {
        var scan = aScan().fromDevice("D7").inVillage("110101001001").at(T0).build();

        SinkRow row = mapper.map(late(scan, "330127101201", "CP-EAST", "day"));

        assertThat(row).isInstanceOfSatisfying(LateScanRow.class, l -> assertThat(l.villageCode()).isEqualTo("330127101201"));
    }

    @Test
    void shouldLeaveALateScanUnplacedWhenTheRecordDoesNotSayWhereItWasCounted() {
        var scan = aScan().fromDevice("D7").inVillage("110101001001").at(T0).build();

        assertThat(mapper.map(wire.record(Topics.SCANS_LATE, 0, 0, "D7", scan))).isInstanceOfSatisfying(LateScanRow.class,
                l -> assertThat(l.villageCode()).isNull());
    }

    private ConsumerRecord<byte[], byte[]> late(ScanEvent scan, String countedVillage, String countedCheckpoint, String window) {
        return WireRecords.raw(Topics.SCANS_LATE, 0, 0, T0, wire.key(Topics.SCANS_LATE, scan.getDeviceId()),
                wire.value(Topics.SCANS_LATE, scan), WireRecords.headers(Map.of(LateScanHeaders.VILLAGE_CODE, countedVillage,
                        LateScanHeaders.CHECKPOINT_ID, countedCheckpoint, LateScanHeaders.WINDOW, window)));
    }

    @Test
    void shouldTurnADeviceTombstoneIntoARetirement() {
        var record = WireRecords.raw(Topics.DEVICES, 0, 3, T0, wire.key(Topics.DEVICES, "D1"), null, new RecordHeaders());

        assertThat(mapper.map(record)).isInstanceOfSatisfying(DeviceRow.class, d -> {
            assertThat(d.deviceId()).isEqualTo("D1");
            assertThat(d.isRetirement()).isTrue();
        });
    }

    @Test
    void shouldMapADeviceRegistration() {
        var registration = aDevice("D1").atCheckpoint("CP1").inVillage("110101001001").updatedAt(T0).build();

        assertThat(mapper.map(wire.record(Topics.DEVICES, 0, 3, "D1", registration)))
                .isInstanceOfSatisfying(DeviceRow.class, d -> assertThat(d.registration()).isEqualTo(registration));
    }

    @Test
    void shouldMapAWatchlistEntryToItsObservationRowAndATombstoneToItsErasure() {
        var entry = Observations.anObservation().withPersonToken("tok-A").central().releasedOn(LocalDate.parse("2024-01-15")).build();

        SinkRow row = mapper.map(wire.record(Topics.OBSERVATION, 1, 7, "tok-A", entry));
        SinkRow erasure = mapper.map(WireRecords.raw(Topics.OBSERVATION, 1, 8, T0, wire.key(Topics.OBSERVATION, "tok-A"), null,
                new RecordHeaders()));

        assertThat(row).isInstanceOfSatisfying(ObservationRow.class, o -> {
            assertThat(o.personToken()).isEqualTo("tok-A");
            assertThat(o.entry()).isEqualTo(entry);
            assertThat(o.isErasure()).isFalse();
        });
        assertThat(erasure).isInstanceOfSatisfying(ObservationRow.class, o -> {
            assertThat(o.personToken()).isEqualTo("tok-A");
            assertThat(o.isErasure()).isTrue();
        });
    }

    @Test
    void shouldSetAsideAWatchlistEntryFiledUnderAnotherPersonsToken() {
        var entry = Observations.anObservation().withPersonToken("tok-A").build();

        assertThat(mapper.map(wire.record(Topics.OBSERVATION, 0, 3, "tok-B", entry)))
                .isInstanceOfSatisfying(DeadLetterRow.class, d -> {
                    assertThat(d.reason()).isEqualTo(PoisonReason.CONTRACT_VIOLATION);
                    assertThat(d.error()).contains("personToken is not its key").doesNotContain("tok-A", "tok-B");
                });
    }

    @Test
    void shouldMapTheObservationAlertsLikeEveryOtherAlert() {
        var breach = anAlert().forEvent("E7").ofType(AlertType.OBSERVATION_BREACH).withSeverity(Severity.CRITICAL)
                .forPerson("tok-A").withTemperature(null).build();

        assertThat(mapper.map(wire.record(Topics.ALERTS_OBSERVATION, 0, 9, "110101001001", breach)))
                .isInstanceOfSatisfying(AlertRow.class, a -> {
                    assertThat(a.alertId()).isEqualTo("E7/OBSERVATION_BREACH");
                    assertThat(a.personToken()).isEqualTo("tok-A");
                });
    }
}
