package io.gatewatch.bench.chaos;

import io.gatewatch.producers.sim.GroundTruth;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The chaos suite's verdict: every table compared with the simulator's ground truth (regenerated
 * from the same seed and scenario, so a simulator restarted any number of times has one truth) and
 * with the topics.
 *
 * <ul>
 *   <li>scans: every event of the ground truth is on {@code gatewatch.scans} (lost on the way in);
 *   <li>alerts: the fever, non-green and device-fault alert ids the truth implies are exactly the
 *       rows of {@code alert} of those types (lost: expected, not stored; doubled: stored, not
 *       expected), and {@code alert} holds exactly the alert ids on the alert topics;
 *   <li>counts: every window of the truth (checkpoint, village, township, county × hour, day) equals
 *       its {@code area_count} row field for field; the county's scans summed over the days give
 *       scans lost or doubled;
 *   <li>gate client: every event id it accepted is on the topic, and its village's daily counts hold
 *       exactly that many scans.
 * </ul>
 */
final class Auditor {
    private static final Set<String> MODELLED_ALERTS = Set.of("FEVER", "NON_GREEN_CODE", "DEVICE_FAULT");

    /** The verdict. Figures are counts of events, alerts or windows. */
    record Verdict(long truthEvents, long eventsMissingOnTopic, long scanRecordsOnTopic,
                   long expectedAlerts, long alertsLost, long alertsDoubled, long alertRows, long alertsOnTopics,
                   long tableVsTopicDifferences, long truthWindows, long windowsMissing, long windowsDifferent,
                   long countyScansExpected, long countyScansStored, long gateAccepted, long gateMissingOnTopic,
                   long gateScansCounted, List<String> examples) {

        long scansLost() {
            return Math.max(0, countyScansExpected - countyScansStored) + Math.max(0, gateAccepted - gateScansCounted)
                    + eventsMissingOnTopic + gateMissingOnTopic;
        }

        long scansDoubled() {
            return Math.max(0, countyScansStored - countyScansExpected) + Math.max(0, gateScansCounted - gateAccepted);
        }

        boolean clean() {
            return scansLost() == 0 && scansDoubled() == 0 && alertsLost == 0 && alertsDoubled == 0 && tableVsTopicDifferences == 0
                    && windowsMissing == 0 && windowsDifferent == 0;
        }
    }

    private final GroundTruth truth;
    private final String bootstrap;
    private final String registryUrl;
    private final DataSource db;
    private final String countyCode;
    private final String gateVillage;
    private final Set<String> gateAccepted;

    Auditor(GroundTruth truth, String bootstrap, String registryUrl, DataSource db, String countyCode, String gateVillage,
            Set<String> gateAccepted) {
        this.truth = truth;
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.db = db;
        this.countyCode = countyCode;
        this.gateVillage = gateVillage;
        this.gateAccepted = gateAccepted;
    }

    Verdict audit() throws SQLException {
        List<String> examples = new ArrayList<>();
        SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", registryUrl));
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", registryUrl);
        var scans = AvroSerde.forValues(ScanEvent.class, registry, serdeConfig).deserializer();
        var alerts = AvroSerde.forValues(ScreeningAlert.class, registry, serdeConfig).deserializer();

        Set<String> onTopic = new HashSet<>();
        long[] scanRecords = {0};
        readAll(List.of(Topics.SCANS), r -> {
            scanRecords[0]++;
            try {
                onTopic.add(scans.deserialize(Topics.SCANS, r.value()).getEventId().toString());
            } catch (RuntimeException e) {
                // a malformed record: not an event
            }
        });
        long missing = truth.events().keySet().stream().filter(id -> !onTopic.contains(id)).count();
        long gateMissing = gateAccepted.stream().filter(id -> !onTopic.contains(id)).count();
        truth.events().keySet().stream().filter(id -> !onTopic.contains(id)).limit(3).forEach(id -> examples.add("not on topic: " + id));

        Set<String> expected = new HashSet<>();
        truth.events().values().forEach(e -> {
            if (e.temperatureStatus() == TemperatureStatus.FEVER) {
                expected.add(e.eventId() + "/FEVER");
            }
            if (e.nonGreen()) {
                expected.add(e.eventId() + "/NON_GREEN_CODE");
            }
            if (e.deviceFault()) {
                expected.add(e.eventId() + "/DEVICE_FAULT");
            }
        });
        Map<String, String> stored = new HashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT alert_id, alert_type FROM alert")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getString(2));
            }
        }
        long lost = expected.stream().filter(id -> !stored.containsKey(id)).count();
        expected.stream().filter(id -> !stored.containsKey(id)).limit(3).forEach(id -> examples.add("alert not stored: " + id));
        long doubled = stored.entrySet().stream().filter(e -> MODELLED_ALERTS.contains(e.getValue()))
                .filter(e -> !expected.contains(e.getKey())).count();
        Set<String> onAlertTopics = new HashSet<>();
        // every alert topic: the alert table stores them all (issue 17 added the observation topic)
        readAll(Topics.ALERT_TOPICS, r -> onAlertTopics.add(alerts.deserialize(r.topic(), r.value()).getAlertId().toString()));
        Set<String> symmetricDifference = new HashSet<>(onAlertTopics);
        symmetricDifference.addAll(stored.keySet());
        Set<String> both = new HashSet<>(onAlertTopics);
        both.retainAll(stored.keySet());
        symmetricDifference.removeAll(both);
        symmetricDifference.stream().sorted().limit(3).forEach(id -> examples.add(
                (stored.containsKey(id) ? "alert row not on the alert topics: " : "alert on a topic but not stored: ") + id));

        Map<String, long[]> rows = areaCounts();
        long windowsMissing = 0;
        long windowsDifferent = 0;
        for (Map.Entry<GroundTruth.WindowKey, GroundTruth.Figures> w : truth.windows().entrySet()) {
            GroundTruth.WindowKey k = w.getKey();
            long[] row = rows.get(key(k.level().name(), k.areaCode(), k.window().name(), k.start().toEpochMilli()));
            if (row == null) {
                windowsMissing++;
                if (windowsMissing <= 2) {
                    examples.add("window missing: " + k);
                }
            } else if (!java.util.Arrays.equals(row, figures(w.getValue()))) {
                windowsDifferent++;
                if (windowsDifferent <= 2) {
                    examples.add("window differs: " + k + " expected " + w.getValue() + " stored " + java.util.Arrays.toString(row));
                }
            }
        }
        long countyExpected = truth.windows().entrySet().stream()
                .filter(e -> e.getKey().level().name().equals("COUNTY") && e.getKey().window().name().equals("DAY"))
                .mapToLong(e -> e.getValue().scans()).sum();
        long countyStored = sumScans("COUNTY", countyCode);
        long gateCounted = sumScans("VILLAGE", gateVillage);
        return new Verdict(truth.events().size(), missing, scanRecords[0], expected.size(), lost, doubled, stored.size(),
                onAlertTopics.size(), symmetricDifference.size(), truth.windows().size(), windowsMissing, windowsDifferent,
                countyExpected, countyStored, gateAccepted.size(), gateMissing, gateCounted, examples);
    }

    private static String key(String level, String code, String window, long startMs) {
        return level + "|" + code + "|" + window + "|" + startMs;
    }

    private static long[] figures(GroundTruth.Figures f) {
        return new long[] {f.scans(), f.distinctPersons(), f.fevers(), f.yellowCodes(), f.redCodes(), f.deviceFaults(), f.visitors(),
                f.vehicles(), f.gateScans(), f.phoneAppScans(), f.staffScans(), f.clinicScans(), f.pharmacyScans()};
    }

    private Map<String, long[]> areaCounts() throws SQLException {
        Map<String, long[]> rows = new HashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT area_level, area_code, window_size, window_start, scans, distinct_persons, fevers, "
                     + "yellow_codes, red_codes, device_faults, visitors, vehicles, gate_scans, phone_app_scans, staff_scans, "
                     + "clinic_scans, pharmacy_scans FROM area_count")) {
            while (rs.next()) {
                long[] f = new long[13];
                for (int i = 0; i < 13; i++) {
                    f[i] = rs.getLong(5 + i);
                }
                rows.put(key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).getTime()), f);
            }
        }
        return rows;
    }

    private long sumScans(String level, String code) throws SQLException {
        try (Connection c = db.getConnection();
             var ps = c.prepareStatement("SELECT coalesce(sum(scans), 0) FROM area_count WHERE area_level = ? AND area_code = ? "
                     + "AND window_size = 'DAY'")) {
            ps.setString(1, level);
            ps.setString(2, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every committed record of {@code topics}, from the beginning to the end offsets at the time of the call. */
    private void readAll(List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
