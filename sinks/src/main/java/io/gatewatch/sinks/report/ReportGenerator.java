package io.gatewatch.sinks.report;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationKind;
import io.gatewatch.schema.ObservationPeriod;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Reads a {@link Report} from the sink's tables with plain JDBC. Every figure is a stored value,
 * never recomputed from another source:
 * <ul>
 *   <li>area figures, sub-areas, villages, checkpoints and the hourly curve are {@code area_count}
 *       rows (DAY rows whose {@code window_start} is the local midnight of the query's zone; HOUR rows
 *       within the local day). A province or city prefix has no rows of its own: its figures are the
 *       sum of its counties' rows, and its distinct-person count is not stated;</li>
 *   <li>fevers by source and faulty devices are counted from {@code alert} rows whose
 *       {@code scanned_at} falls in the local day and whose village is in the area;</li>
 *   <li>which checkpoints serve the area comes from {@code device_registration} and the day's
 *       alerts (CHECKPOINT rows carry no village); scans the checkpoint table cannot account for are
 *       stated as such ({@link DayReport#unitemisedScans()});</li>
 *   <li>medical observation per village comes from {@code observation} (the watchlist: who is
 *       under observation on a day, started, released, by {@link ObservationPeriod}) and from
 *       OBSERVATION_BREACH and MISSED_CHECKIN rows of {@code alert} by {@code scanned_at};</li>
 *   <li>silent checkpoints are registered checkpoints (a device registered in the area, not retired
 *       before the day, registered before its end) without a stored scan that day. The registry keeps
 *       only each device's latest registration, so for past days this reflects today's registry.</li>
 * </ul>
 * All reads run in one read-only REPEATABLE READ transaction: one snapshot, so a report is
 * consistent even while the sink is writing. A day without a stored figure for the area has no data
 * (never zeros). Thread-safe; each call uses one connection from the data source.
 */
public final class ReportGenerator {
    private static final String COLUMNS = "area_level, area_code, window_start, scans, distinct_persons, fevers, "
            + "yellow_codes, red_codes, device_faults, visitors, vehicles, gate_scans, phone_app_scans, staff_scans, "
            + "clinic_scans, pharmacy_scans, is_final, updated_at";
    /** Every type of the contract, so a new one is counted without touching the report. */
    private static final List<String> ALERT_TYPES = Arrays.stream(AlertType.values()).map(Enum::name).toList();

    private final DataSource dataSource;
    private final Clock clock;

    public ReportGenerator(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public ReportGenerator(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * The report for {@code query}.
     *
     * @throws ReportUnavailableException when the database cannot be read
     */
    public Report generate(ReportQuery query) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Report report = new Reading(connection, query).report(clock.instant());
                connection.commit();
                return report;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new ReportUnavailableException("Cannot read the stored figures: " + e.getMessage(), e);
        }
    }

    /** A row of {@code area_count} as the report needs it. */
    private record Row(String level, String code, Instant windowStart, StoredFigures stored) {}

    /** A registered device ({@code device_registration}). */
    private record Device(String deviceId, String checkpointId, String villageCode, Instant registeredAt, Instant retiredAt,
                          String checkpointKind) {
        boolean activeDuring(Instant start, Instant end) {
            return (registeredAt == null || registeredAt.isBefore(end)) && (retiredAt == null || retiredAt.isAfter(start));
        }
    }

    /** One report's reads over one connection. */
    private static final class Reading {
        private final Connection connection;
        private final ReportQuery query;
        private final Area area;
        private final ZoneId zone;

        Reading(Connection connection, ReportQuery query) {
            this.connection = connection;
            this.query = query;
            this.area = query.area();
            this.zone = query.zone();
        }

        Report report(Instant generatedAt) throws SQLException {
            List<Device> registry = registry();
            List<ObservationEntry> watchlist = watchlist();
            Optional<StoredFigures> previous = areaFigures(start(query.from().minusDays(1)));
            Figures cumulative = null;
            int daysWithData = 0;
            List<DayReport> days = new ArrayList<>();
            for (LocalDate date : query.days()) {
                Instant start = start(date);
                Instant end = start(date.plusDays(1));
                Optional<StoredFigures> figures = areaFigures(start);
                if (figures.isPresent()) {
                    cumulative = cumulative == null ? figures.get().figures() : cumulative.plus(figures.get().figures());
                    daysWithData++;
                }
                days.add(figures.isPresent()
                        ? day(date, start, end, figures.get(), previous, cumulative, daysWithData, registry, watchlist)
                        : new DayReport(date, start, end, Optional.empty(), previous, Optional.ofNullable(cumulative),
                                daysWithData, new FeverAlerts(Map.of()), List.of(), List.of(), 0, 0, List.of(), List.of(),
                                List.of(), List.of(), List.of(), Map.of()));
                previous = figures;
            }
            return new Report(query, generatedAt, days, zoneWarnings(), areaNames());
        }

        /**
         * Names of the area, its ancestors and its parts from the gazetteer ({@code area_name}); none
         * from a database the sink has not yet migrated to have the table (codes are shown then).
         */
        private Map<String, io.gatewatch.sinks.areas.AreaNames.AreaName> areaNames() throws SQLException {
            if (!hasTable("area_name")) {
                return Map.of();
            }
            Map<String, io.gatewatch.sinks.areas.AreaNames.AreaName> names = new java.util.HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT code, name, name_en FROM area_name WHERE code LIKE ? OR ? LIKE code || '%'")) {
                select.setString(1, area.code() + "%");
                select.setString(2, area.code());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.put(rows.getString(1), new io.gatewatch.sinks.areas.AreaNames.AreaName(rows.getString(1),
                                rows.getString(2), rows.getString(3)));
                    }
                }
            }
            return names;
        }

        private boolean hasTable(String name) throws SQLException {
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?")) {
                exists.setString(1, name);
                try (ResultSet table = exists.executeQuery()) {
                    return table.next();
                }
            }
        }

        private DayReport day(LocalDate date, Instant start, Instant end, StoredFigures figures,
                              Optional<StoredFigures> previous, Figures cumulative, int daysWithData,
                              List<Device> registry, List<ObservationEntry> watchlist) throws SQLException {
            List<SubAreaFigures> subAreas = new ArrayList<>();
            if (area.childLevel().isPresent()) {
                for (Row row : dayRows(area.childLevel().get(), start)) {
                    subAreas.add(new SubAreaFigures(row.level(), row.code(), row.stored().figures(), row.stored().isFinal()));
                }
            }
            List<Row> villages = dayRows("VILLAGE", start);
            List<CheckpointFigures> checkpoints = checkpoints(start, end, registry);
            long itemised = checkpoints.stream().filter(c -> !c.sharedWithOtherAreas())
                    .mapToLong(c -> c.figures().scans()).sum();
            Set<String> operating = new TreeSet<>();
            checkpoints.stream().filter(c -> c.figures().scans() > 0).forEach(c -> operating.add(c.checkpointId()));
            Map<String, List<Device>> registered = new TreeMap<>();
            for (Device device : registry) {
                if (area.contains(device.villageCode()) && device.activeDuring(start, end)) {
                    registered.computeIfAbsent(device.checkpointId(), k -> new ArrayList<>()).add(device);
                }
            }
            List<SilentCheckpoint> silent = new ArrayList<>();
            registered.forEach((checkpoint, devices) -> {
                if (!operating.contains(checkpoint)) {
                    silent.add(new SilentCheckpoint(checkpoint, devices.get(0).villageCode(),
                            devices.stream().map(Device::deviceId).sorted().toList()));
                }
            });
            return new DayReport(date, start, end, Optional.of(figures), previous, Optional.of(cumulative), daysWithData,
                    feverAlerts(start, end), faultyDevices(start, end), checkpoints,
                    figures.figures().scans() - itemised, registered.size(), subAreas,
                    top(villages, Measure.FEVERS), top(villages, Measure.NON_GREEN), silent, hours(start, end),
                    observations(date, start, end, watchlist));
        }

        /**
         * The watchlist entries of the area's villages that can matter to the range: started by its
         * last day, and ended (the later of {@code to_date} and {@code released_on}) no earlier than
         * the day before its first (whose persons may be released on the first). None from a database
         * the sink has not yet migrated to have the table.
         */
        private List<ObservationEntry> watchlist() throws SQLException {
            if (!hasTable("observation")) {
                return List.of();
            }
            String sql = "SELECT person_token, kind, village_code, from_date, to_date, released_on FROM observation "
                    + "WHERE village_code LIKE ? AND from_date <= ? AND ends_on >= ?";
            List<ObservationEntry> entries = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, area.likePattern());
                statement.setObject(2, query.to());
                statement.setObject(3, query.from().minusDays(1));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        entries.add(ObservationEntry.newBuilder().setPersonToken(rs.getString(1))
                                .setKind(observationKind(rs.getString(2))).setVillageCode(rs.getString(3))
                                .setFromDate(rs.getObject(4, LocalDate.class)).setToDate(rs.getObject(5, LocalDate.class))
                                .setReleasedOn(rs.getObject(6, LocalDate.class)).build());
                    }
                }
            }
            return entries;
        }

        private static ObservationKind observationKind(String name) {
            try {
                return ObservationKind.valueOf(name);
            } catch (IllegalArgumentException e) {
                return ObservationKind.UNKNOWN_OBSERVATION;
            }
        }

        /**
         * Medical observation per village on {@code date}: who is under observation, started and
         * released by {@link ObservationPeriod} (the rule screening applies), breaches and missed
         * check-ins from the day's alerts.
         */
        private Map<String, ObservationFigures> observations(LocalDate date, Instant start, Instant end,
                                                             List<ObservationEntry> watchlist) throws SQLException {
            Map<String, ObservationFigures> byVillage = new TreeMap<>();
            Instant dayBefore = start(date.minusDays(1));
            for (ObservationEntry entry : watchlist) {
                ObservationPeriod period = ObservationPeriod.of(entry, zone);
                boolean today = period.covers(start);
                boolean before = period.covers(dayBefore);
                ObservationFigures person = new ObservationFigures(
                        today && entry.getKind() == ObservationKind.HOME ? 1 : 0,
                        today && entry.getKind() == ObservationKind.CENTRAL ? 1 : 0,
                        today && !before ? 1 : 0, before && !today ? 1 : 0, 0, 0);
                if (!person.isNone()) {
                    byVillage.merge(entry.getVillageCode(), person, ObservationFigures::plus);
                }
            }
            String sql = "SELECT village_code, count(*) FILTER (WHERE alert_type = 'OBSERVATION_BREACH'), "
                    + "count(*) FILTER (WHERE alert_type = 'MISSED_CHECKIN') FROM alert "
                    + "WHERE alert_type IN ('OBSERVATION_BREACH', 'MISSED_CHECKIN') AND village_code LIKE ? "
                    + "AND scanned_at >= ? AND scanned_at < ? GROUP BY village_code";
            forEachAlertRow(sql, start, end, rs -> byVillage.merge(rs.getString(1),
                    new ObservationFigures(0, 0, 0, 0, rs.getLong(2), rs.getLong(3)), ObservationFigures::plus));
            return byVillage;
        }

        private Instant start(LocalDate date) {
            return date.atStartOfDay(zone).toInstant();
        }

        /** The area's stored DAY figure starting at {@code start}; a sum of counties for a province or city. */
        private Optional<StoredFigures> areaFigures(Instant start) throws SQLException {
            List<Row> rows = area.isStored() ? dayRows(area.storedLevel(), area.code(), start) : dayRows("COUNTY", start);
            return sum(rows.stream().map(Row::stored).toList());
        }

        private static Optional<StoredFigures> sum(List<StoredFigures> parts) {
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            // One row is returned as stored (its distinct-person count included); only a real sum loses it.
            return parts.stream().reduce(StoredFigures::plus);
        }

        /** DAY rows at {@code level} whose code is exactly {@code code}. */
        private List<Row> dayRows(String level, String code, Instant start) throws SQLException {
            return rows("SELECT " + COLUMNS + " FROM area_count WHERE window_size = 'DAY' AND area_level = ? "
                    + "AND area_code = ? AND window_start = ?", level, code, at(start));
        }

        /** DAY rows at {@code level} under the area's prefix, ordered by code. */
        private List<Row> dayRows(String level, Instant start) throws SQLException {
            return rows("SELECT " + COLUMNS + " FROM area_count WHERE window_size = 'DAY' AND area_level = ? "
                    + "AND area_code LIKE ? AND window_start = ? ORDER BY area_code", level, area.likePattern(), at(start));
        }

        private List<HourFigures> hours(Instant start, Instant end) throws SQLException {
            List<Row> rows = area.isStored()
                    ? rows("SELECT " + COLUMNS + " FROM area_count WHERE window_size = 'HOUR' AND area_level = ? "
                            + "AND area_code = ? AND window_start >= ? AND window_start < ?",
                            area.storedLevel(), area.code(), at(start), at(end))
                    : rows("SELECT " + COLUMNS + " FROM area_count WHERE window_size = 'HOUR' AND area_level = 'COUNTY' "
                            + "AND area_code LIKE ? AND window_start >= ? AND window_start < ?",
                            area.likePattern(), at(start), at(end));
            Map<Instant, List<StoredFigures>> byHour = new HashMap<>();
            rows.forEach(row -> byHour.computeIfAbsent(row.windowStart(), k -> new ArrayList<>()).add(row.stored()));
            List<HourFigures> hours = new ArrayList<>();
            // Local clock hours are one hour long; stepping instants (not local times) gets a
            // 23- or 25-hour day right across a daylight-saving change.
            for (Instant hour = start; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
                hours.add(new HourFigures(hour.atZone(zone),
                        sum(byHour.getOrDefault(hour, List.of())).map(StoredFigures::figures)));
            }
            return hours;
        }

        private List<CheckpointFigures> checkpoints(Instant start, Instant end, List<Device> registry) throws SQLException {
            Map<String, SortedSet<String>> villagesOf = new TreeMap<>();
            Set<String> registered = new TreeSet<>();
            Map<String, String> kindOf = new TreeMap<>();
            for (Device device : registry) {
                villagesOf.computeIfAbsent(device.checkpointId(), k -> new TreeSet<>()).add(device.villageCode());
                registered.add(device.checkpointId());
                if (CheckpointFigures.KINDS.contains(device.checkpointKind())) {
                    kindOf.putIfAbsent(device.checkpointId(), device.checkpointKind());
                }
            }
            String sql = "SELECT DISTINCT checkpoint_id, village_code FROM alert WHERE alert_type = ANY(?) "
                    + "AND scanned_at >= ? AND scanned_at < ? AND (checkpoint_id = ANY(?) OR checkpoint_id IN "
                    + "(SELECT checkpoint_id FROM alert WHERE village_code LIKE ? AND scanned_at >= ? AND scanned_at < ?))";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, textArray(ALERT_TYPES));
                statement.setObject(2, at(start));
                statement.setObject(3, at(end));
                statement.setArray(4, textArray(registered));
                statement.setString(5, area.likePattern());
                statement.setObject(6, at(start));
                statement.setObject(7, at(end));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        villagesOf.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                    }
                }
            }
            villagesOf.values().removeIf(villages -> villages.stream().noneMatch(area::contains));
            if (villagesOf.isEmpty()) {
                return List.of();
            }
            List<Row> rows = rows("SELECT " + COLUMNS + " FROM area_count WHERE window_size = 'DAY' "
                    + "AND area_level = 'CHECKPOINT' AND area_code = ANY(?) AND window_start = ?",
                    textArray(villagesOf.keySet()), at(start));
            List<CheckpointFigures> checkpoints = new ArrayList<>();
            for (Row row : rows) {
                SortedSet<String> villages = villagesOf.get(row.code());
                Figures figures = row.stored().figures();
                checkpoints.add(new CheckpointFigures(row.code(), villages, figures, row.stored().isFinal(),
                        !villages.stream().allMatch(area::contains),
                        kindOf.getOrDefault(row.code(), CheckpointFigures.kindOf(figures))));
            }
            checkpoints.sort(Comparator.comparing((CheckpointFigures c) -> firstInArea(c.villages()))
                    .thenComparing(CheckpointFigures::checkpointId));
            return checkpoints;
        }

        private String firstInArea(SortedSet<String> villages) {
            return villages.stream().filter(area::contains).findFirst().orElse("");
        }

        private FeverAlerts feverAlerts(Instant start, Instant end) throws SQLException {
            Map<String, Long> bySource = new LinkedHashMap<>();
            String sql = "SELECT source, count(*) FROM alert WHERE alert_type = 'FEVER' AND village_code LIKE ? "
                    + "AND scanned_at >= ? AND scanned_at < ? GROUP BY source ORDER BY source";
            forEachAlertRow(sql, start, end, rs -> bySource.put(rs.getString(1), rs.getLong(2)));
            return new FeverAlerts(bySource);
        }

        private List<FaultyDevice> faultyDevices(Instant start, Instant end) throws SQLException {
            String sql = "SELECT device_id, min(checkpoint_id), min(village_code), "
                    + "count(*) FILTER (WHERE alert_type = 'DEVICE_FAULT'), "
                    + "count(*) FILTER (WHERE alert_type = 'DEVICE_FAULT_RATE'), "
                    // The screening names both faults of one scan in one rule, joined by "; " (Alerts.deviceFault).
                    + "count(*) FILTER (WHERE alert_type = 'DEVICE_FAULT' "
                    + "AND (health_code IS DISTINCT FROM 'UNREADABLE' OR rule LIKE '%; %')), "
                    + "count(*) FILTER (WHERE alert_type = 'DEVICE_FAULT' AND health_code = 'UNREADABLE') "
                    + "FROM alert WHERE alert_type IN ('DEVICE_FAULT', 'DEVICE_FAULT_RATE') AND village_code LIKE ? "
                    + "AND scanned_at >= ? AND scanned_at < ? GROUP BY device_id ORDER BY device_id";
            List<FaultyDevice> devices = new ArrayList<>();
            forEachAlertRow(sql, start, end, rs -> devices.add(new FaultyDevice(rs.getString(1), rs.getString(2),
                    rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7))));
            return devices;
        }

        /** Reads one row of a result. */
        @FunctionalInterface
        private interface RowReader {
            void read(ResultSet row) throws SQLException;
        }

        /** Runs {@code sql}, whose parameters are the area's LIKE pattern and the day's start and end, row by row. */
        private void forEachAlertRow(String sql, Instant start, Instant end, RowReader reader) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, area.likePattern());
                statement.setObject(2, at(start));
                statement.setObject(3, at(end));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }

        /** Devices of every checkpoint that has a device registered in the area (so shared checkpoints show). */
        private List<Device> registry() throws SQLException {
            String sql = "SELECT device_id, checkpoint_id, village_code, registered_at, retired_at, checkpoint_kind "
                    + "FROM device_registration "
                    + "WHERE checkpoint_id IS NOT NULL AND village_code IS NOT NULL AND checkpoint_id IN "
                    + "(SELECT checkpoint_id FROM device_registration WHERE village_code LIKE ?) ORDER BY device_id";
            List<Device> devices = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, area.likePattern());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        devices.add(new Device(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                                instant(rs, 5), rs.getString(6)));
                    }
                }
            }
            return devices;
        }

        /** Villages with a non-zero value of {@code measure}, highest first (ties by code, sharing a rank). */
        private List<VillageRank> top(List<Row> villages, Measure measure) {
            List<Row> ranked = villages.stream()
                    .filter(row -> measure.of(row.stored().figures()) > 0)
                    .sorted(Comparator.comparing((Row row) -> -measure.of(row.stored().figures())).thenComparing(Row::code))
                    .limit(query.topVillages())
                    .toList();
            List<VillageRank> top = new ArrayList<>();
            for (int i = 0; i < ranked.size(); i++) {
                long value = measure.of(ranked.get(i).stored().figures());
                int rank = i > 0 && top.get(i - 1).value() == value ? top.get(i - 1).rank() : i + 1;
                top.add(new VillageRank(rank, ranked.get(i).code(), value));
            }
            return top;
        }

        /** A warning when the stored DAY rows near the range were aligned to a zone with other rules. */
        private List<ReportWarning> zoneWarnings() throws SQLException {
            String sql = "SELECT DISTINCT time_zone FROM area_count WHERE window_size = 'DAY' "
                    + "AND area_level IN ('COUNTY', 'TOWNSHIP', 'VILLAGE') AND area_code LIKE ? "
                    + "AND window_start >= ? AND window_start < ? ORDER BY time_zone";
            Set<String> others = new TreeSet<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, area.likePattern());
                statement.setObject(2, at(start(query.from().minusDays(1))));
                statement.setObject(3, at(start(query.to().plusDays(2))));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        if (!sameRules(rs.getString(1))) {
                            others.add(rs.getString(1));
                        }
                    }
                }
            }
            return others.isEmpty() ? List.of()
                    : List.of(new ReportWarning(ReportWarning.OTHER_ZONE, String.join(", ", others)));
        }

        private boolean sameRules(String storedZone) {
            try {
                return ZoneId.of(storedZone).getRules().equals(zone.getRules());
            } catch (RuntimeException e) {
                return false;
            }
        }

        private List<Row> rows(String sql, Object... parameters) throws SQLException {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            return rows;
        }

        private static Row row(ResultSet rs) throws SQLException {
            Figures figures = new Figures(rs.getLong("scans"), rs.getLong("distinct_persons"), rs.getLong("fevers"),
                    rs.getLong("yellow_codes"), rs.getLong("red_codes"), rs.getLong("device_faults"), rs.getLong("visitors"),
                    rs.getLong("vehicles"), rs.getLong("gate_scans"), rs.getLong("phone_app_scans"),
                    rs.getLong("staff_scans"), rs.getLong("clinic_scans"), rs.getLong("pharmacy_scans"));
            return new Row(rs.getString("area_level"), rs.getString("area_code"), instant(rs, "window_start"),
                    new StoredFigures(figures, rs.getBoolean("is_final"), 1, instant(rs, "updated_at")));
        }

        private Array textArray(Collection<String> values) throws SQLException {
            return connection.createArrayOf("text", values.toArray(new String[0]));
        }

        private static OffsetDateTime at(Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }

        private static Instant instant(ResultSet rs, String column) throws SQLException {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }

        private static Instant instant(ResultSet rs, int column) throws SQLException {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }
    }
}
