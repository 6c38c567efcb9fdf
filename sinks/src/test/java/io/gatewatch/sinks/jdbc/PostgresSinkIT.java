package io.gatewatch.sinks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static io.gatewatch.sinks.testing.Alerts.T0;
import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static io.gatewatch.sinks.testing.Counts.aCount;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.EmbeddedPostgres;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.testing.Counts;
import io.gatewatch.sinks.testing.SinkDataset;
import io.gatewatch.sinks.testing.StoredContents;
import io.gatewatch.sinks.testing.TopicContents;
import io.gatewatch.sinks.testing.WireRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PostgreSQL sink against a real KRaft broker and a real PostgreSQL. Every test compares the
 * database with an independent reading of the topics ({@link TopicContents}): equal figures mean
 * no record was lost and none applied twice (the hourly summaries add, so a replay would show).
 */
class PostgresSinkIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedSchemaRegistry registry;
    private static WireRecords wire;
    private static SinkDataset dataset;

    private final List<PostgresSink> sinks = new ArrayList<>();

    @BeforeAll
    static void createTopicsAndSchema() {
        registry = EmbeddedSchemaRegistry.inMemory(); // real HTTP: the sink resolves schema ids like in production
        wire = new WireRecords(registry.url());
        for (String topic : SinkConfig.SUPPORTED_TOPICS) {
            // Test records carry 2024 timestamps: keep them regardless of age.
            KAFKA.broker().createTopic(topic, 3, Map.of("retention.ms", "-1"));
        }
        dataset = new SinkDataset(KAFKA.bootstrapServers(), wire);
    }

    @AfterAll
    static void closeProducerAndRegistry() {
        dataset.close();
        registry.close();
    }

    @BeforeEach
    void emptyTables() {
        StoredContents.truncate(POSTGRES.dataSource());
    }

    @AfterEach
    void closeSinks() {
        sinks.forEach(PostgresSink::close);
    }

    @Test
    void shouldStoreExactlyWhatTheTopicsHold() {
        dataset.produce("contents", 2);
        TopicContents topics = topicContents();

        PostgresSink sink = start(config("g-contents", Map.of()), new SimpleMeterRegistry(), FaultHook.NONE);
        awaitCaughtUp("g-contents", topics, POSTGRES.dataSource());

        assertThat(StoredContents.figures(POSTGRES.dataSource())).isEqualTo(topics.figures());
        assertThat(topics.figures().deadLetters()).isPositive();
        assertThat(sink.health().state()).isEqualTo(SinkState.RUNNING);
    }

    @Test
    void shouldPublishItsConsumerLagForTheLagAlert() {
        dataset.produce("lag", 1);
        TopicContents topics = topicContents();
        MeterRegistry meters = new SimpleMeterRegistry();

        start(config("g-lag", Map.of()), meters, FaultHook.NONE);
        awaitCaughtUp("g-lag", topics, POSTGRES.dataSource());

        assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max").gauges())
                .as("the consumer's records-lag-max, as ops/prometheus/rules.yml ConsumerLagHigh reads it")
                .isNotEmpty();
    }

    @Test
    void shouldDeriveDeviceStatusFromRegistrationsAndFaultAlerts() throws Exception {
        dataset.produce("status", 1);
        TopicContents topics = topicContents();

        start(config("g-status", Map.of()), new SimpleMeterRegistry(), FaultHook.NONE);
        awaitCaughtUp("g-status", topics, POSTGRES.dataSource());

        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT device_id, active, fault_alerts FROM device_status ORDER BY device_id")) {
            Map<String, String> status = new HashMap<>();
            while (rs.next()) {
                status.put(rs.getString(1), rs.getBoolean(2) + "/" + rs.getLong(3));
            }
            // Registered: D0, D1, D2 (D2 then retired); DEVICE_FAULT alerts came from D2 and D1.
            assertThat(status).containsEntry("status-D0", "true/0")
                    .containsEntry("status-D1", "true/1")
                    .containsEntry("status-D2", "false/1");
        }
    }

    @Test
    void shouldKeepOnlyTheNewestRejectedDetailsButCountThemAll() {
        dataset.produce("detail", 1);
        TopicContents topics = topicContents();

        start(config("g-detail", Map.of(SinkConfig.REJECTED_DETAIL_MAX_ROWS, 4)), new SimpleMeterRegistry(), FaultHook.NONE);
        awaitCaughtUp("g-detail", topics, POSTGRES.dataSource());

        assertThat(StoredContents.count(POSTGRES.dataSource(), "SELECT count(*) FROM rejected_scan_detail")).isEqualTo(4);
        assertThat(StoredContents.figures(POSTGRES.dataSource()).rejectedPerReason())
                .isEqualTo(topics.figures().rejectedPerReason());
    }

    @ParameterizedTest
    @EnumSource(FaultPoint.class)
    void shouldNeitherLoseNorDuplicateRowsWhenKilledAndRestarted(FaultPoint crashPoint) throws Exception {
        String group = "g-crash-" + crashPoint;
        dataset.produce("crash-" + crashPoint, 3);
        TopicContents topics = topicContents();
        AtomicReference<Map<TopicPartition, Long>> crashedBatch = new AtomicReference<>();
        AtomicInteger batchesSeen = new AtomicInteger();
        FaultHook killOnThirdRejectedBatch = (point, next) -> {
            boolean holdsRejectedScans = next.keySet().stream().anyMatch(tp -> tp.topic().equals(Topics.SCANS_REJECTED));
            if (point == crashPoint && holdsRejectedScans && batchesSeen.incrementAndGet() == 3) {
                crashedBatch.set(next);
                throw new SimulatedKill(point);
            }
        };

        PostgresSink killed = start(config(group, Map.of(SinkConfig.BATCH_MAX_RECORDS, 5)), new SimpleMeterRegistry(),
                killOnThirdRejectedBatch);
        assertThat(killed.awaitTermination(WAIT)).isTrue();
        assertThat(crashedBatch.get()).isNotNull();
        assertThat(killed.health().state()).isEqualTo(SinkState.FAILED);
        Map<TopicPartition, Long> stored = StoredContents.offsets(POSTGRES.dataSource(), group);
        if (crashPoint == FaultPoint.AFTER_DB_WRITE_BEFORE_DB_COMMIT) {
            // the crashed transaction left nothing behind
            crashedBatch.get().forEach((tp, next) -> assertThat(stored.get(tp)).isNotEqualTo(next));
        } else {
            // the database is ahead of Kafka's committed offsets: resuming from Kafka would replay
            Map<TopicPartition, OffsetAndMetadata> kafka = kafkaCommitted(group);
            assertThat(crashedBatch.get().keySet()).anySatisfy(tp -> assertThat(kafka.get(tp) == null
                    || kafka.get(tp).offset() < stored.get(tp)).isTrue());
        }

        start(config(group, Map.of(SinkConfig.BATCH_MAX_RECORDS, 5)), new SimpleMeterRegistry(), FaultHook.NONE);
        awaitCaughtUp(group, topics, POSTGRES.dataSource());

        assertThat(StoredContents.figures(POSTGRES.dataSource())).isEqualTo(topics.figures());
    }

    @Test
    void shouldBringKafkasCommittedOffsetsUpToTheStoredPositionsSoAQuietPartitionShowsNoPhantomLag() throws Exception {
        String group = "g-phantom-lag";
        dataset.produce("phantom-lag", 1);
        TopicContents topics = topicContents();
        PostgresSink first = start(config(group, Map.of()), new SimpleMeterRegistry(), FaultHook.NONE);
        awaitCaughtUp(group, topics, POSTGRES.dataSource());
        first.close();
        // Given Kafka's offsets left behind the database, as a kill between the two commits leaves them
        try (Admin admin = KAFKA.broker().admin()) {
            Map<TopicPartition, OffsetAndMetadata> behind = new HashMap<>();
            topics.endOffsets().keySet().forEach(tp -> behind.put(tp, new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets(group, behind).all().get();
        }

        // When the sink starts again and nothing new arrives
        start(config(group, Map.of()), new SimpleMeterRegistry(), FaultHook.NONE);

        // Then Kafka's offsets (what lag dashboards and the demo's drain read) follow the stored positions
        Map<TopicPartition, Long> stored = StoredContents.offsets(POSTGRES.dataSource(), group);
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafkaCommitted(group)).allSatisfy(
                (tp, offset) -> assertThat(offset.offset()).as("%s", tp).isEqualTo(stored.getOrDefault(tp, 0L))));
        assertThat(StoredContents.figures(POSTGRES.dataSource())).isEqualTo(topics.figures());
    }

    @Test
    void shouldSharePartitionsBetweenInstancesOfOneGroupWithoutWritingTwice() {
        String group = "g-scale";
        Map<String, Object> config = config(group, Map.of(SinkConfig.BATCH_MAX_RECORDS, 7));
        PostgresSink first = start(config, new SimpleMeterRegistry(), FaultHook.NONE);
        dataset.produce("scale-1", 3);

        PostgresSink second = start(config, new SimpleMeterRegistry(), FaultHook.NONE);
        await().atMost(WAIT).until(() -> first.health().assignedPartitions() > 0 && second.health().assignedPartitions() > 0);
        dataset.produce("scale-2", 3);
        TopicContents topics = topicContents();
        awaitCaughtUp(group, topics, POSTGRES.dataSource());

        assertThat(StoredContents.figures(POSTGRES.dataSource())).isEqualTo(topics.figures());
        assertThat(first.health().assignedPartitions() + second.health().assignedPartitions())
                .isEqualTo(3 * SinkConfig.SUPPORTED_TOPICS.size());
        assertThat(second.health().batchesCommitted()).isPositive();
    }

    @Test
    void shouldFailVisiblyAfterBoundedRetriesWhileTheDatabaseIsDownAndResumeWithoutGapsAfterwards(@TempDir Path dir) {
        String group = "g-down";
        EmbeddedPostgres db = EmbeddedPostgres.start(dir, 0);
        int port = db.port();
        try {
            dataset.produce("down-1", 1);
            Map<String, Object> config = config(group, Map.of(
                    SinkConfig.JDBC_URL, db.jdbcUrl(),
                    SinkConfig.DB_RETRIES, 2,
                    SinkConfig.DB_RETRY_BACKOFF_MS, 50,
                    SinkConfig.JDBC_CONNECTION_TIMEOUT_MS, 250));
            MeterRegistry meters = new SimpleMeterRegistry();
            PostgresSink sink = start(config, meters, FaultHook.NONE);
            awaitCaughtUp(group, topicContents(), db.dataSource());
            assertThat(meters.get(MetricNames.SINK_FAILED).gauge().value()).isZero();

            db.close();
            dataset.produce("down-2", 1);

            await().atMost(WAIT).until(() -> sink.health().state() == SinkState.FAILED);
            assertThat(sink.health().isHealthy()).isFalse();
            assertThat(sink.health().lastError()).contains("retries");
            assertThat(meters.get(MetricNames.SINK_FAILED).gauge().value()).isEqualTo(1.0);
            double errors = meters.get(MetricNames.SINK_ERRORS).counters().stream().mapToDouble(c -> c.count()).sum();
            assertThat(errors).isEqualTo(3.0); // the first attempt and two retries

            db = EmbeddedPostgres.start(dir, port);
            TopicContents topics = topicContents();
            start(config, new SimpleMeterRegistry(), FaultHook.NONE);
            awaitCaughtUp(group, topics, db.dataSource());
            assertThat(StoredContents.figures(db.dataSource())).isEqualTo(topics.figures());
        } finally {
            db.close();
        }
    }

    @Test
    void shouldSetAsidePoisonWithItsCoordinatesAndStoreTheNextRecord() {
        // Given a running sink
        MeterRegistry meters = new SimpleMeterRegistry();
        PostgresSink sink = start(config("g-poison", Map.of()), meters, FaultHook.NONE);
        // When a count whose checkpoint holds a NUL (issue 13, repro 2) is written straight to the sink's input,
        // followed by a valid one
        Counts poison = aCount().forCheckpoint("CP\u0000X").hourly().from(T0);
        Counts next = aCount().forCheckpoint("CP-after-poison").hourly().from(T0).withScans(3);
        RecordMetadata poisonAt = dataset.sendTo(Topics.COUNTS_HOURLY, 0, wire.key(Topics.COUNTS_HOURLY, poison.key()),
                wire.value(Topics.COUNTS_HOURLY, poison.build()));
        dataset.sendTo(Topics.COUNTS_HOURLY, 0, wire.key(Topics.COUNTS_HOURLY, next.key()),
                wire.value(Topics.COUNTS_HOURLY, next.build()));

        // Then the next record is stored, the poison is set aside with its coordinates and counted, the sink runs on
        await().atMost(WAIT).until(() -> StoredContents.count(POSTGRES.dataSource(),
                "SELECT count(*) FROM area_count WHERE area_code = 'CP-after-poison' AND scans = 3") == 1);
        assertThat(StoredContents.count(POSTGRES.dataSource(), "SELECT count(*) FROM sink_dead_letter WHERE kafka_topic = '"
                + Topics.COUNTS_HOURLY + "' AND kafka_partition = 0 AND kafka_offset = " + poisonAt.offset()
                + " AND reason = 'invalid_text'")).isEqualTo(1);
        assertThat(meters.get(MetricNames.SINK_DEAD_LETTERED).tag("reason", "invalid_text").counter().count()).isEqualTo(1.0);
        assertThat(meters.get(MetricNames.SINK_ERRORS).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(sink.health().state()).isEqualTo(SinkState.RUNNING);
        assertThat(sink.health().isHealthy()).isTrue();
    }

    @Test
    void shouldRetryATransientDatabaseFailureWithoutSettingAnythingAsideAndStoreOnceItPasses() throws Exception {
        // Given a database that refuses alert writes with a serialization failure (SQLSTATE 40001) while a switch is on
        execute("CREATE TABLE refuse_switch (on_ boolean)", "INSERT INTO refuse_switch VALUES (true)",
                "CREATE FUNCTION refuse_alerts() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN "
                        + "IF EXISTS (SELECT 1 FROM refuse_switch) THEN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; "
                        + "END IF; RETURN NEW; END$$",
                "CREATE TRIGGER refuse_alerts BEFORE INSERT ON alert FOR EACH ROW EXECUTE FUNCTION refuse_alerts()");
        try {
            MeterRegistry meters = new SimpleMeterRegistry();
            PostgresSink sink = start(config("g-transient", Map.of(SinkConfig.DB_RETRIES, 100,
                    SinkConfig.DB_RETRY_BACKOFF_MS, 20, SinkConfig.DB_RETRY_BACKOFF_MAX_MS, 100)), meters, FaultHook.NONE);
            RecordMetadata alertAt = dataset.sendTo(Topics.ALERTS_FEVER, 0, wire.key(Topics.ALERTS_FEVER, "110101001001"),
                    wire.value(Topics.ALERTS_FEVER, anAlert().forEvent("transient-E1").build()));

            // When the sink has retried a few times and the failure passes
            await().atMost(WAIT).until(() -> meters.get(MetricNames.SINK_ERRORS).tag("table", "alert").counter().count() >= 2);
            assertThat(sink.health().state()).isEqualTo(SinkState.RETRYING);
            execute("DELETE FROM refuse_switch");

            // Then the alert is stored and not set aside (the topics' earlier tests' poison bytes are, as ever)
            await().atMost(WAIT).until(() -> StoredContents.count(POSTGRES.dataSource(),
                    "SELECT count(*) FROM alert WHERE event_id = 'transient-E1'") == 1);
            assertThat(StoredContents.count(POSTGRES.dataSource(), "SELECT count(*) FROM sink_dead_letter WHERE kafka_topic = '"
                    + Topics.ALERTS_FEVER + "' AND kafka_partition = 0 AND kafka_offset = " + alertAt.offset())).isZero();
            assertThat(meters.get(MetricNames.SINK_DEAD_LETTERED).tags("reason", "data_exception").counter().count()).isZero();
            await().atMost(WAIT).until(() -> sink.health().state() == SinkState.RUNNING);
        } finally {
            execute("DROP TRIGGER refuse_alerts ON alert", "DROP FUNCTION refuse_alerts()", "DROP TABLE refuse_switch");
        }
    }

    private static void execute(String... statements) throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private PostgresSink start(Map<String, Object> config, MeterRegistry meters, FaultHook hook) {
        PostgresSink sink = new PostgresSink(new SinkConfig(config), meters, hook);
        sinks.add(sink);
        return sink.start();
    }

    private static Map<String, Object> config(String group, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                "schema.registry.url", wire.registryUrl(),
                "group.id", group,
                SinkConfig.JDBC_URL, POSTGRES.jdbcUrl(),
                SinkConfig.JDBC_USER, EmbeddedPostgres.USER,
                SinkConfig.BATCH_MAX_MS, 100,
                SinkConfig.POLL_TIMEOUT_MS, 50,
                SinkConfig.DB_RETRY_BACKOFF_MS, 50));
        config.putAll(overrides);
        return config;
    }

    private static TopicContents topicContents() {
        return TopicContents.read(KAFKA.bootstrapServers(), wire.registry(), SinkConfig.SUPPORTED_TOPICS);
    }

    private static void awaitCaughtUp(String group, TopicContents topics, DataSource db) {
        await().atMost(WAIT).until(() -> StoredContents.offsets(db, group).equals(topics.endOffsets()));
    }

    private static Map<TopicPartition, OffsetAndMetadata> kafkaCommitted(String group) throws Exception {
        try (Admin admin = KAFKA.broker().admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    /** Thrown by the fault hook: the sink dies at that point as if killed. */
    private static final class SimulatedKill extends RuntimeException {
        SimulatedKill(FaultPoint point) {
            super("simulated kill at " + point);
        }
    }
}
