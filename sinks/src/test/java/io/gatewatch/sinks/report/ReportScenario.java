package io.gatewatch.sinks.report;

import io.gatewatch.sinks.jdbc.SinkSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * A known scenario written straight into the sink's tables: two townships of county 330110 (three
 * villages), a village in county 330111, local days 2026-11-27..29 in Asia/Shanghai (the 29th still
 * provisional), rows exactly at local midnight, a clinic serving two villages, a pharmacy and a
 * phone-app client that no device registration names, a silent gate, a retired and a late-registered
 * device, fever/non-green/device-fault alerts (one fever alert for a scan the counts never got).
 *
 * <p>The scenario is a list of {@link Tally tallies} (what one checkpoint saw in one hour). Rows of
 * every level and window are written as their sums; expectations in the tests are computed from the
 * tallies by {@link #expected}, independently of the generator. Distinct persons are written as
 * deliberately non-additive values ({@link #storedDistinct}), so a report that added them up would
 * show it.
 */
final class ReportScenario {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDate D0 = LocalDate.of(2026, 11, 27);
    static final LocalDate D1 = LocalDate.of(2026, 11, 28);
    static final LocalDate D2 = LocalDate.of(2026, 11, 29);
    static final LocalDate D3 = LocalDate.of(2026, 11, 30);
    static final Instant UPDATED = Instant.parse("2026-11-29T12:00:00Z");
    /** The reports' "now": the afternoon of the 29th, an hour after the last update. */
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-29T13:00:00Z"), ZoneOffset.UTC);

    static final String COUNTY = "330110";
    static final String T1 = "330110101";
    static final String T2 = "330110102";
    static final String V11 = "330110101201";
    static final String V12 = "330110101202";
    static final String V21 = "330110102201";
    static final String OTHER_COUNTY = "330111";
    static final String X = "330111101201";

    enum Source { GATE_DEVICE, CLINIC, PHARMACY, PHONE_APP }

    /** What one checkpoint saw in one local hour. */
    record Tally(String checkpoint, String device, String village, Source source, LocalDateTime localHour, long scans,
                 long fevers, long yellow, long red, long faults, long visitors, long vehicles) {
        Instant hour() {
            return localHour.atZone(ZONE).toInstant();
        }

        LocalDate day() {
            return localHour.toLocalDate();
        }

        Figures figures() {
            return new Figures(scans, null, fevers, yellow, red, faults, visitors, vehicles,
                    source == Source.GATE_DEVICE ? scans : 0, source == Source.PHONE_APP ? scans : 0, 0,
                    source == Source.CLINIC ? scans : 0, source == Source.PHARMACY ? scans : 0);
        }
    }

    record Device(String deviceId, String checkpoint, String village, Instant registeredAt, Instant retiredAt) {}

    record RowKey(String level, String code, String window, Instant start) {}

    private final List<Tally> tallies = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();
    private final Map<RowKey, Long> distinct = new HashMap<>();
    private int alertSequence;

    static ReportScenario standard() {
        ReportScenario s = new ReportScenario();
        Instant longAgo = Instant.parse("2026-10-01T00:00:00Z");
        s.device("GW-V11-1-1", "CP-V11-1", V11, longAgo, null);
        s.device("GW-V11-1-2", "CP-V11-1", V11, longAgo, null);
        s.device("GW-V11-2-1", "CP-V11-2", V11, longAgo, null);
        s.device("GW-V12-1-1", "CP-V12-1", V12, longAgo, null);
        s.device("GW-V12-OLD", "CP-V12-OLD", V12, longAgo, Instant.parse("2026-11-01T00:00:00Z"));
        s.device("GW-V21-1-1", "CP-V21-1", V21, longAgo, null);
        s.device("GW-V21-2-1", "CP-V21-2", V21, longAgo, null);
        // Registered at 10:00 local on the 29th: not a checkpoint of the 28th.
        s.device("GW-V21-NEW", "CP-V21-NEW", V21, Instant.parse("2026-11-29T02:00:00Z"), null);
        s.device("GW-X-1-1", "CP-X-1", X, longAgo, null);

        s.tally("CP-V11-1", "GW-V11-1-1", V11, Source.GATE_DEVICE, D0.atTime(12, 0), 10, 0, 0, 0, 0, 1, 2);

        s.tally("CP-V11-1", "GW-V11-1-1", V11, Source.GATE_DEVICE, D1.atTime(0, 0), 3, 0, 0, 1, 0, 0, 1);
        s.tally("CP-V11-1", "GW-V11-1-1", V11, Source.GATE_DEVICE, D1.atTime(8, 0), 40, 1, 2, 0, 1, 5, 10);
        s.tally("CP-V11-2", "GW-V11-2-1", V11, Source.GATE_DEVICE, D1.atTime(9, 0), 25, 0, 1, 0, 2, 3, 4);
        s.tally("CP-V12-1", "GW-V12-1-1", V12, Source.GATE_DEVICE, D1.atTime(14, 0), 30, 2, 0, 1, 0, 6, 8);
        s.tally("CLINIC-330110101", "CLINIC-330110101", V11, Source.CLINIC, D1.atTime(10, 0), 2, 2, 0, 0, 0, 0, 0);
        s.tally("CLINIC-330110101", "CLINIC-330110101", V12, Source.CLINIC, D1.atTime(11, 0), 1, 1, 0, 0, 0, 0, 0);
        s.tally("CP-V21-1", "GW-V21-1-1", V21, Source.GATE_DEVICE, D1.atTime(23, 0), 12, 1, 1, 1, 0, 2, 3);
        s.tally("PHARM-330110102", "PHARM-330110102", V21, Source.PHARMACY, D1.atTime(16, 0), 1, 1, 0, 0, 0, 0, 0);
        s.tally("APP-330110102201", "APP-330110102201", V21, Source.PHONE_APP, D1.atTime(12, 0), 4, 0, 0, 0, 0, 0, 0);
        s.tally("CP-X-1", "GW-X-1-1", X, Source.GATE_DEVICE, D1.atTime(10, 0), 50, 5, 3, 2, 1, 7, 9);

        s.tally("CP-V11-1", "GW-V11-1-2", V11, Source.GATE_DEVICE, D2.atTime(0, 0), 7, 1, 0, 0, 0, 1, 2);
        s.tally("CP-V11-2", "GW-V11-2-1", V11, Source.GATE_DEVICE, D2.atTime(9, 0), 20, 0, 2, 0, 0, 2, 5);
        s.tally("CP-V12-1", "GW-V12-1-1", V12, Source.GATE_DEVICE, D2.atTime(10, 0), 35, 0, 1, 0, 3, 4, 6);
        s.tally("CP-V21-1", "GW-V21-1-1", V21, Source.GATE_DEVICE, D2.atTime(8, 0), 15, 2, 0, 2, 1, 1, 2);
        s.tally("CP-V21-2", "GW-V21-2-1", V21, Source.GATE_DEVICE, D2.atTime(15, 0), 9, 0, 0, 0, 0, 0, 1);
        s.tally("CLINIC-330110101", "CLINIC-330110101", V12, Source.CLINIC, D2.atTime(11, 0), 1, 1, 0, 0, 0, 0, 0);
        return s;
    }

    private void device(String id, String checkpoint, String village, Instant registeredAt, Instant retiredAt) {
        devices.add(new Device(id, checkpoint, village, registeredAt, retiredAt));
    }

    private void tally(String checkpoint, String device, String village, Source source, LocalDateTime hour, long scans,
                       long fevers, long yellow, long red, long faults, long visitors, long vehicles) {
        tallies.add(new Tally(checkpoint, device, village, source, hour, scans, fevers, yellow, red, faults, visitors, vehicles));
    }

    List<Tally> tallies() {
        return tallies;
    }

    /** The independent expectation: the sum of the tallies at villages under {@code prefix} on {@code day}. */
    Figures expected(String prefix, LocalDate day) {
        return sum(t -> t.village().startsWith(prefix) && t.day().equals(day));
    }

    Figures expectedAtCheckpoint(String checkpoint, LocalDate day) {
        return sum(t -> t.checkpoint().equals(checkpoint) && t.day().equals(day));
    }

    Figures expectedInHour(String prefix, LocalDateTime localHour) {
        return sum(t -> t.village().startsWith(prefix) && t.localHour().equals(localHour));
    }

    boolean hasData(String prefix, LocalDate day) {
        return tallies.stream().anyMatch(t -> t.village().startsWith(prefix) && t.day().equals(day));
    }

    private Figures sum(Predicate<Tally> filter) {
        return tallies.stream().filter(filter).map(Tally::figures)
                .reduce(new Figures(0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Figures::plus);
    }

    /** The distinct-person count written for a DAY row (null: no row). */
    Long storedDistinct(String level, String code, LocalDate day) {
        return distinct.get(new RowKey(level, code, "DAY", day.atStartOfDay(ZONE).toInstant()));
    }

    static boolean isFinal(LocalDate day) {
        return day.isBefore(D2);
    }

    /** Migrates the sink's schema, writes this scenario and returns a generator that reports as of {@link #NOW}. */
    ReportGenerator migrateAndWrite(DataSource dataSource) throws SQLException {
        SinkSchema.migrate(dataSource);
        write(dataSource);
        return new ReportGenerator(dataSource, NOW);
    }

    void write(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE area_count, alert, device_registration");
            }
            writeCounts(connection);
            writeAlerts(connection);
            writeDevices(connection);
            connection.commit();
        }
    }

    private void writeCounts(Connection connection) throws SQLException {
        Map<RowKey, List<Tally>> rows = new LinkedHashMap<>();
        for (Tally t : tallies) {
            Instant day = t.day().atStartOfDay(ZONE).toInstant();
            for (String[] level : levels(t)) {
                rows.computeIfAbsent(new RowKey(level[0], level[1], "HOUR", t.hour()), k -> new ArrayList<>()).add(t);
                rows.computeIfAbsent(new RowKey(level[0], level[1], "DAY", day), k -> new ArrayList<>()).add(t);
            }
        }
        String sql = "INSERT INTO area_count (area_level, area_code, window_size, window_start, window_end, time_zone, scans, "
                + "distinct_persons, fevers, yellow_codes, red_codes, device_faults, visitors, vehicles, gate_scans, "
                + "phone_app_scans, staff_scans, clinic_scans, pharmacy_scans, is_final, updated_at, kafka_topic, "
                + "kafka_partition, kafka_offset) VALUES (?, ?, ?, ?, ?, 'Asia/Shanghai', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "'gatewatch.counts.test', 0, ?)";
        long offset = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Map.Entry<RowKey, List<Tally>> row : rows.entrySet()) {
                RowKey key = row.getKey();
                Figures f = row.getValue().stream().map(Tally::figures).reduce(Figures::plus).orElseThrow();
                // Not additive on purpose: a part's count is scans - 1, a parent's is less than its parts' sum.
                long distinctPersons = Math.max(0, f.scans() - row.getValue().size());
                distinct.put(key, distinctPersons);
                Instant end = key.window().equals("DAY")
                        ? LocalDate.ofInstant(key.start(), ZONE).plusDays(1).atStartOfDay(ZONE).toInstant()
                        : key.start().plusSeconds(3600);
                int i = 1;
                insert.setString(i++, key.level());
                insert.setString(i++, key.code());
                insert.setString(i++, key.window());
                insert.setObject(i++, utc(key.start()));
                insert.setObject(i++, utc(end));
                insert.setLong(i++, f.scans());
                insert.setLong(i++, distinctPersons);
                insert.setLong(i++, f.fevers());
                insert.setLong(i++, f.yellowCodes());
                insert.setLong(i++, f.redCodes());
                insert.setLong(i++, f.deviceFaults());
                insert.setLong(i++, f.visitors());
                insert.setLong(i++, f.vehicles());
                insert.setLong(i++, f.gateScans());
                insert.setLong(i++, f.phoneAppScans());
                insert.setLong(i++, f.staffScans());
                insert.setLong(i++, f.clinicScans());
                insert.setLong(i++, f.pharmacyScans());
                insert.setBoolean(i++, isFinal(LocalDate.ofInstant(key.start(), ZONE)));
                insert.setObject(i++, utc(UPDATED));
                insert.setLong(i, offset++);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<String[]> levels(Tally t) {
        return List.of(new String[] {"CHECKPOINT", t.checkpoint()}, new String[] {"VILLAGE", t.village()},
                new String[] {"TOWNSHIP", t.village().substring(0, 9)}, new String[] {"COUNTY", t.village().substring(0, 6)});
    }

    private void writeAlerts(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert (alert_id, alert_type, severity, "
                + "severity_rank, rule, event_id, source, device_id, checkpoint_id, village_code, scanned_at, detected_at, "
                + "kafka_topic, kafka_partition, kafka_offset, health_code) VALUES (?, ?, 'HIGH', 2, 'test rule', ?, ?, ?, ?, ?, ?, ?, "
                + "'gatewatch.alerts.test', 0, ?, ?)")) {
            for (Tally t : tallies) {
                for (int i = 0; i < t.fevers(); i++) {
                    alert(insert, "FEVER", t, t.hour().plusSeconds(60L * i + 1));
                }
                for (int i = 0; i < t.yellow() + t.red(); i++) {
                    alert(insert, "NON_GREEN_CODE", t, t.hour().plusSeconds(60L * i + 2));
                }
                // Device faults alternate: an implausible reading, then an unreadable code, and so on.
                for (int i = 0; i < t.faults(); i++) {
                    alert(insert, "DEVICE_FAULT", t, t.hour().plusSeconds(60L * i + 3), i % 2 == 1 ? "UNREADABLE" : null);
                }
            }
            // A fever scan uploaded after the 29th's figure closed: alerted, never counted.
            Tally late = new Tally("CP-V21-1", "GW-V21-1-1", V21, Source.GATE_DEVICE, D2.atTime(20, 0), 0, 0, 0, 0, 0, 0, 0);
            alert(insert, "FEVER", late, late.hour().plusSeconds(5));
            // A device whose readings tipped its fault-rate window on the 29th.
            Tally rate = new Tally("CP-V12-1", "GW-V12-1-1", V12, Source.GATE_DEVICE, D2.atTime(10, 0), 0, 0, 0, 0, 0, 0, 0);
            alert(insert, "DEVICE_FAULT_RATE", rate, rate.hour().plusSeconds(30));
            insert.executeBatch();
        }
    }

    private void alert(PreparedStatement insert, String type, Tally t, Instant scannedAt) throws SQLException {
        alert(insert, type, t, scannedAt, null);
    }

    private void alert(PreparedStatement insert, String type, Tally t, Instant scannedAt, String healthCode)
            throws SQLException {
        int n = alertSequence++;
        insert.setString(1, "E" + n + "/" + type);
        insert.setString(2, type);
        insert.setString(3, "E" + n);
        insert.setString(4, t.source().name());
        insert.setString(5, t.device());
        insert.setString(6, t.checkpoint());
        insert.setString(7, t.village());
        insert.setObject(8, utc(scannedAt));
        insert.setObject(9, utc(scannedAt.plusSeconds(1)));
        insert.setLong(10, n);
        insert.setString(11, healthCode);
        insert.addBatch();
    }

    private void writeDevices(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device_registration (device_id, "
                + "checkpoint_id, village_code, kind, registered_at, retired_at, kafka_offset, checkpoint_kind) "
                + "VALUES (?, ?, ?, 'COMBINED', ?, ?, 0, 'GATE')")) {
            for (Device d : devices) {
                insert.setString(1, d.deviceId());
                insert.setString(2, d.checkpoint());
                insert.setString(3, d.village());
                insert.setObject(4, utc(d.registeredAt()));
                insert.setObject(5, d.retiredAt() == null ? null : utc(d.retiredAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return Objects.requireNonNull(instant).atOffset(ZoneOffset.UTC);
    }
}
