package io.gatewatch.sinks.jdbc;

import static io.gatewatch.schema.testing.DeviceRegistrationBuilder.aDevice;
import static io.gatewatch.sinks.testing.Alerts.T0;
import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static io.gatewatch.sinks.testing.Counts.aCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.CheckpointKind;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.poison.PoisonReason;
import io.gatewatch.sinks.testing.Counts;
import io.gatewatch.sinks.testing.Observations;
import io.gatewatch.sinks.testing.StoredContents;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SQL of one batch against a real PostgreSQL: mapping, idempotence, the offset fence, atomicity. */
class BatchWriterIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    private static final TopicPartition FEVER_0 = new TopicPartition(Topics.ALERTS_FEVER, 0);
    private final BatchWriter writer = new BatchWriter(POSTGRES.dataSource(), "g", 100, FaultHook.NONE);

    @BeforeEach
    void empty() {
        StoredContents.truncate(POSTGRES.dataSource());
    }

    @Test
    void shouldApplyTheMigrationsOnlyOnce() {
        assertThat(SinkSchema.migrate(POSTGRES.dataSource())).isZero();
    }

    @Test
    void shouldStoreEveryAlertFieldAndItsOffset() throws Exception {
        Batch batch = new Batch();
        batch.add(AlertRow.of(anAlert().forEvent("E1").alsoSeenAt("CP1", "CP2").withTemperature(38.4).build(),
                new RecordSource(Topics.ALERTS_FEVER, 0, 41, T0)), 0);

        writer.write(batch, Map.of());

        assertThat(row("SELECT alert_type, severity, severity_rank, village_code, temperature_celsius, raw_temperature_unit, "
                + "array_to_string(related_checkpoints, ','), scanned_at = '2024-01-15T02:00:00Z', kafka_offset FROM alert"))
                .containsExactly("FEVER", "HIGH", "2", "110101001001", "38.4", "CELSIUS", "CP1,CP2", "t", "41");
        assertThat(writer.readOffsets(List.of(FEVER_0))).containsEntry(FEVER_0, 42L);
    }

    @Test
    void shouldKeepTheFirstVersionOfAnAlertSeenTwice() throws Exception {
        write(AlertRow.of(anAlert().forEvent("E1").withTemperature(38.1).build(), new RecordSource(Topics.ALERTS_FEVER, 0, 0, T0)),
                null);
        write(AlertRow.of(anAlert().forEvent("E1").withTemperature(39.9).build(), new RecordSource(Topics.ALERTS_FEVER, 0, 1, T0)),
                1L);

        assertThat(row("SELECT count(*), max(temperature_celsius) FROM alert")).containsExactly("1", "38.1");
    }

    @Test
    void shouldReplaceACountWithItsLatestUpdateAndDeleteItOnATombstone() throws Exception {
        Counts count = aCount().forVillage("110101001001").withScans(5).withFevers(1);
        TopicPartition hourly = new TopicPartition(Topics.COUNTS_HOURLY, 0);
        write(new AreaCountRow(AreaCountRow.Key.of(count.key()), count.build(), new RecordSource(hourly.topic(), 0, 0, T0)), null);
        write(new AreaCountRow(AreaCountRow.Key.of(count.key()), count.withScans(9).finalised().build(),
                new RecordSource(hourly.topic(), 0, 1, T0)), 1L);

        assertThat(row("SELECT count(*), max(scans), bool_and(is_final), max(fevers) FROM area_count"))
                .containsExactly("1", "9", "t", "1");

        write(new AreaCountRow(AreaCountRow.Key.of(count.key()), null, new RecordSource(hourly.topic(), 0, 2, T0)), 2L);

        assertThat(row("SELECT count(*) FROM area_count")).containsExactly("0");
    }

    @Test
    void shouldFileLateScansUnderTheVillageTheyWereCountedInWhicheverArrivesFirst() throws Exception {
        // Given one gate's late scans of one hour: one counted in V1 at CP1, two for which the record named no place
        TopicPartition late = new TopicPartition(Topics.SCANS_LATE, 0);
        write(new LateScanRow(new RecordSource(late.topic(), 0, 0, T0), "D1", "GATE_DEVICE", null, null, "hour", T0), null);
        write(new LateScanRow(new RecordSource(late.topic(), 0, 1, T0), "D1", "GATE_DEVICE", "110101001001", "CP1", "hour", T0), 1L);
        write(new LateScanRow(new RecordSource(late.topic(), 0, 2, T0), "D1", "GATE_DEVICE", null, null, "day", T0), 2L);

        // Then the counted scan stays under V1 and the unplaced ones under no village, whatever the order
        assertThat(row("SELECT string_agg(coalesce(village_code, '-') || ':' || coalesce(checkpoint_id, '-') || ':' || late_scans "
                + "|| '/' || missed_hour || '/' || missed_day, ',' ORDER BY village_code NULLS FIRST) FROM late_scan_summary"))
                .containsExactly("-:-:2/1/1,110101001001:CP1:1/1/0");
    }

    @Test
    void shouldStoreTheLocalDateAndStartOfACount() throws Exception {
        Counts day = aCount().daily().from(java.time.Instant.parse("2026-12-05T16:00:00Z")).onLocal("2026-12-06", "2026-12-06T00:00:00");

        write(new AreaCountRow(AreaCountRow.Key.of(day.key()), day.build(), new RecordSource(Topics.COUNTS_DAILY, 0, 0, T0)), null);

        assertThat(row("SELECT local_date, local_start, window_start = '2026-12-05T16:00:00Z' FROM area_count"))
                .containsExactly("2026-12-06", "2026-12-06 00:00:00", "t");
    }

    @Test
    void shouldRetireADeviceOnATombstoneAndReviveItOnANewRegistration() throws Exception {
        TopicPartition devices = new TopicPartition(Topics.DEVICES, 0);
        var registration = aDevice("D1").atCheckpoint("CP1").inVillage("110101001001").updatedAt(T0).build();
        write(new DeviceRow("D1", registration, new RecordSource(devices.topic(), 0, 0, T0)), null);
        write(new DeviceRow("D1", null, new RecordSource(devices.topic(), 0, 1, T0.plusSeconds(60))), 1L);

        assertThat(row("SELECT checkpoint_id, retired_at = '2024-01-15T02:01:00Z' FROM device_registration"))
                .containsExactly("CP1", "t");

        write(new DeviceRow("D1", registration, new RecordSource(devices.topic(), 0, 2, T0)), 2L);

        assertThat(row("SELECT active FROM device_status WHERE device_id = 'D1'")).containsExactly("t");
    }

    @Test
    void shouldStoreTheCheckpointsKindAndNameAndARetiredRegistrationAsRetired() throws Exception {
        TopicPartition devices = new TopicPartition(Topics.DEVICES, 0);
        var clinic = aDevice("D7").atCheckpoint("CL7", CheckpointKind.CLINIC, "东村卫生室").inVillage("110101001001").updatedAt(T0).build();
        write(new DeviceRow("D7", clinic, new RecordSource(devices.topic(), 0, 0, T0)), null);

        assertThat(row("SELECT checkpoint_kind, checkpoint_name, retired_at IS NULL FROM device_registration WHERE device_id = 'D7'"))
                .containsExactly("CLINIC", "东村卫生室", "t");

        var retired = DeviceRegistration.newBuilder(clinic).setRetired(true).setUpdatedAt(T0.plusSeconds(60)).build();
        write(new DeviceRow("D7", retired, new RecordSource(devices.topic(), 0, 1, T0.plusSeconds(60))), 1L);

        assertThat(row("SELECT retired_at = '2024-01-15T02:01:00Z' FROM device_registration WHERE device_id = 'D7'"))
                .containsExactly("t");
        assertThat(row("SELECT active FROM device_status WHERE device_id = 'D7'")).containsExactly("f");
    }

    @Test
    void shouldAddRejectedScansOfLaterBatchesToTheHourlySummary() throws Exception {
        TopicPartition rejected = new TopicPartition(Topics.SCANS_REJECTED, 0);
        write(new RejectedScanRow(new RecordSource(rejected.topic(), 0, 0, T0), "MISSING_FIELD", "eventId", Topics.SCANS, 1, 5L, 0, 3),
                null);
        write(new RejectedScanRow(new RecordSource(rejected.topic(), 0, 1, T0.plusSeconds(5)), "MISSING_FIELD", null, Topics.SCANS,
                null, null, 0, 3), 1L);

        assertThat(row("SELECT rejected, last_seen_at = '2024-01-15T02:00:05Z' FROM rejected_scan_summary"))
                .containsExactly("2", "t");
        assertThat(row("SELECT count(*), count(source_partition) FROM rejected_scan_detail")).containsExactly("2", "1");
    }

    @Test
    void shouldRefuseABatchWhoseOffsetsAnotherInstanceHasAdvanced() throws Exception {
        // Both instances read "no offset stored"; the other one commits first.
        write(AlertRow.of(anAlert().forEvent("E1").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 0, T0)), null);
        Batch late = new Batch();
        late.add(AlertRow.of(anAlert().forEvent("E2").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 1, T0)), 0);

        assertThatThrownBy(() -> writer.write(late, new HashMap<>())).isInstanceOf(OffsetFencedException.class);

        assertThat(row("SELECT string_agg(event_id, ',') FROM alert")).containsExactly("E1");
        assertThat(writer.readOffsets(List.of(FEVER_0))).containsEntry(FEVER_0, 1L);
    }

    @Test
    void shouldRefuseABatchExpectingAnOffsetThatIsNoLongerStored() throws Exception {
        write(AlertRow.of(anAlert().forEvent("E1").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 0, T0)), null);
        write(AlertRow.of(anAlert().forEvent("E2").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 1, T0)), 1L);

        assertThatThrownBy(() -> write(AlertRow.of(anAlert().forEvent("E3").build(),
                new RecordSource(Topics.ALERTS_FEVER, 0, 1, T0)), 1L)).isInstanceOf(OffsetFencedException.class);
        assertThat(row("SELECT count(*) FROM alert")).containsExactly("2");
    }

    @Test
    void shouldLeaveNothingBehindWhenTheTransactionDiesBeforeItsCommit() throws Exception {
        BatchWriter dying = new BatchWriter(POSTGRES.dataSource(), "g", 100, (point, next) -> {
            throw new IllegalStateException("killed at " + point);
        });
        Batch batch = new Batch();
        batch.add(AlertRow.of(anAlert().forEvent("E1").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 0, T0)), 0);

        assertThatThrownBy(() -> dying.write(batch, Map.of())).hasMessageContaining("killed");

        assertThat(row("SELECT (SELECT count(*) FROM alert) + (SELECT count(*) FROM sink_offsets)")).containsExactly("0");
    }

    @Test
    void shouldNameTheTableAndRollBackWhenATransientFailureHitsAStatement() throws Exception {
        // Given a serialization failure (SQLSTATE 40001) on every late-scan write: the database's, not a record's
        execute("CREATE FUNCTION refuse_late() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END$$",
                "CREATE TRIGGER refuse_late BEFORE INSERT ON late_scan_summary FOR EACH ROW EXECUTE FUNCTION refuse_late()");
        try {
            Batch batch = new Batch();
            batch.add(AlertRow.of(anAlert().forEvent("E1").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 0, T0)), 0);
            batch.add(new LateScanRow(new RecordSource(Topics.SCANS_LATE, 0, 0, T0), "D1", "GATE_DEVICE", null, null, "hour", T0), 0);

            // When / Then: the whole batch fails for a retry, nothing is set aside
            assertThatThrownBy(() -> writer.write(batch, Map.of())).isInstanceOfSatisfying(BatchWriteException.class,
                    e -> assertThat(e.table()).isEqualTo("late_scan_summary"));
            assertThat(row("SELECT (SELECT count(*) FROM alert) + (SELECT count(*) FROM sink_dead_letter)")).containsExactly("0");
        } finally {
            execute("DROP TRIGGER refuse_late ON late_scan_summary", "DROP FUNCTION refuse_late()");
        }
    }

    @Test
    void shouldSetAsideTheRecordTheDatabaseRefusesAndStoreTheRestWithTheOffsets() throws Exception {
        // Given a row with a NUL that reached the writer (the mapper normally sets such a record aside first)
        Batch batch = new Batch();
        batch.add(AlertRow.of(anAlert().forEvent("E1").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 0, T0)), 0);
        batch.add(AlertRow.of(anAlert().forEvent("E2").atCheckpoint("CP\u0000X").build(),
                new RecordSource(Topics.ALERTS_FEVER, 0, 1, T0, 5, 80)), 0);
        batch.add(AlertRow.of(anAlert().forEvent("E3").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 2, T0)), 0);

        // When
        List<DeadLetterRow> isolated = writer.write(batch, Map.of());

        // Then
        assertThat(isolated).extracting(d -> d.source().offset(), DeadLetterRow::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, PoisonReason.DATA_EXCEPTION));
        assertThat(row("SELECT string_agg(event_id, ',' ORDER BY event_id) FROM alert")).containsExactly("E1,E3");
        assertThat(row("SELECT kafka_topic, kafka_partition, kafka_offset, reason, key_size, value_size, "
                + "error LIKE 'alert: SQLSTATE 22%' FROM sink_dead_letter"))
                .containsExactly(Topics.ALERTS_FEVER, "0", "1", "data_exception", "5", "80", "t");
        assertThat(writer.readOffsets(List.of(FEVER_0))).containsEntry(FEVER_0, 3L);
    }

    @Test
    void shouldKeepTheEffectOfEveryOtherRecordWhenIsolatingOne() throws Exception {
        // Given two updates of one count around a poison record: the later update must still win
        Counts count = aCount().forVillage("110101001001");
        TopicPartition hourly = new TopicPartition(Topics.COUNTS_HOURLY, 0);
        Batch batch = new Batch();
        batch.add(new AreaCountRow(AreaCountRow.Key.of(count.key()), count.withScans(1).build(), new RecordSource(hourly.topic(), 0, 0, T0)), 0);
        batch.add(AlertRow.of(anAlert().forEvent("E2").inVillage("1101\u0000").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 0, T0)), 0);
        batch.add(new AreaCountRow(AreaCountRow.Key.of(count.key()), count.withScans(7).build(), new RecordSource(hourly.topic(), 0, 1, T0)), 0);

        assertThat(writer.write(batch, Map.of())).hasSize(1);

        assertThat(row("SELECT scans, kafka_offset FROM area_count")).containsExactly("7", "1");
    }

    @Test
    void shouldFailTheWholeBatchWhenTheDatabaseRefusesEveryRecordOfIt() throws Exception {
        // Given a constraint every record breaks: the database's fault (a schema change), not the records'
        execute("ALTER TABLE alert ADD CONSTRAINT no_fever CHECK (alert_type <> 'FEVER')");
        try {
            Batch batch = new Batch();
            batch.add(AlertRow.of(anAlert().forEvent("E1").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 0, T0)), 0);
            batch.add(AlertRow.of(anAlert().forEvent("E2").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 1, T0)), 0);

            assertThatThrownBy(() -> writer.write(batch, Map.of())).isInstanceOfSatisfying(BatchWriteException.class,
                    e -> assertThat(e.getMessage()).contains("every one of the batch's 2 records was refused"));
            assertThat(row("SELECT (SELECT count(*) FROM sink_dead_letter) + (SELECT count(*) FROM sink_offsets)"))
                    .containsExactly("0");
        } finally {
            execute("ALTER TABLE alert DROP CONSTRAINT no_fever");
        }
    }

    @Test
    void shouldSetAsideARecordThatBreaksAConstraintAmongOthersThatDoNot() throws Exception {
        execute("ALTER TABLE alert ADD CONSTRAINT no_fever CHECK (alert_type <> 'FEVER')");
        try {
            Batch batch = new Batch();
            batch.add(AlertRow.of(anAlert().forEvent("E1").build(), new RecordSource(Topics.ALERTS_FEVER, 0, 0, T0)), 0);
            batch.add(AlertRow.of(anAlert().forEvent("E2").ofType(AlertType.DEVICE_FAULT).build(),
                    new RecordSource(Topics.FAULTS_DEVICE, 0, 0, T0)), 0);

            assertThat(writer.write(batch, Map.of())).extracting(DeadLetterRow::reason, DeadLetterRow::error)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(PoisonReason.CONSTRAINT_VIOLATION,
                            "alert: SQLSTATE 23514 new row for relation \"alert\" violates check constraint \"no_fever\""));
            assertThat(row("SELECT alert_type FROM alert")).containsExactly("DEVICE_FAULT");
        } finally {
            execute("ALTER TABLE alert DROP CONSTRAINT no_fever");
        }
    }

    private static void execute(String... statements) throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Test
    void shouldStoreTheObservationAlertsInTheAlertTableAndItsNamedView() throws Exception {
        Batch batch = new Batch();
        int offset = 0;
        for (AlertType type : List.of(AlertType.OBSERVATION_BREACH, AlertType.MISSED_CHECKIN)) {
            batch.add(AlertRow.of(anAlert().forEvent("E-" + type).ofType(type).forPerson("tok-A").withTemperature(null).build(),
                    new RecordSource(Topics.ALERTS_OBSERVATION, 0, offset++, T0)), 0);
        }

        writer.write(batch, Map.of());

        assertThat(row("SELECT string_agg(alert_type || ' ' || person_token || ' ' || kafka_topic, ',' ORDER BY alert_type) FROM alert"))
                .containsExactly("MISSED_CHECKIN tok-A gatewatch.alerts.observation,OBSERVATION_BREACH tok-A gatewatch.alerts.observation");
        assertThat(row("SELECT string_agg(alert_type || ' ' || village_name, ',' ORDER BY alert_type) FROM alert_named"))
                .containsExactly("MISSED_CHECKIN 110101001001,OBSERVATION_BREACH 110101001001");
    }

    @Test
    void shouldKeepAPersonsLatestWatchlistEntryAndDeleteItOnATombstone() throws Exception {
        TopicPartition watchlist = new TopicPartition(Topics.OBSERVATION, 0);
        write(new ObservationRow("tok-A", Observations.anObservation().withPersonToken("tok-A").build(), new RecordSource(watchlist.topic(), 0, 0, T0)),
                null);
        write(new ObservationRow("tok-A", Observations.anObservation().withPersonToken("tok-A").releasedOn(LocalDate.parse("2024-01-15")).build(),
                new RecordSource(watchlist.topic(), 0, 1, T0.plusSeconds(60))), 1L);

        assertThat(row("SELECT count(*), max(kind), max(village_code), max(from_date)::text, max(to_date)::text, "
                + "max(released_on)::text, max(ends_on)::text, bool_and(updated_at = '2024-01-15T02:01:00Z') FROM observation"))
                .containsExactly("1", "HOME", "110101001001", "2024-01-10", "2024-01-23", "2024-01-15", "2024-01-23", "t");

        write(new ObservationRow("tok-A", null, new RecordSource(watchlist.topic(), 0, 2, T0)), 2L);

        assertThat(row("SELECT count(*) FROM observation")).containsExactly("0");
    }

    private void write(SinkRow row, Long expected) throws Exception {
        Batch batch = new Batch();
        batch.add(row, 0);
        Map<TopicPartition, Long> expectations = new HashMap<>();
        expectations.put(row.source().topicPartition(), expected);
        writer.write(batch, expectations);
    }

    private static List<String> row(String sql) throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            int columns = rs.getMetaData().getColumnCount();
            String[] values = new String[columns];
            for (int i = 0; i < columns; i++) {
                values[i] = rs.getString(i + 1);
            }
            return List.of(values);
        }
    }
}
