package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.producers.compacted.CompactedRegistry;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.AreaName;
import io.gatewatch.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gazetteer from a CSV into the sink's database and onto gatewatch.areas, with the CLI alone, all or nothing. */
class AreasCommandIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String REGISTRY_URL = "mock://areas-command-it";

    @TempDir
    Path dir;
    private final CliConsole console = console();

    private static CliConsole console() {
        return new CliConsole(() -> Map.of("GATEWATCH_REPORT_JDBC_USER", POSTGRES.postgres().user(),
                "GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(), "GATEWATCH_SCHEMA_REGISTRY_URL", REGISTRY_URL));
    }

    @BeforeAll
    static void createTopics() {
        console().createTopics();
    }

    /** What a Kafka-only reader finds on gatewatch.areas (read_committed, to the end). */
    private static List<String> published() {
        Map<String, Object> serde = Map.of("schema.registry.url", REGISTRY_URL);
        SchemaRegistryClient registry = SchemaRegistryClients.create(serde);
        try (CompactedRegistry<AreaName> topic = new CompactedRegistry<>(Topics.AREAS, "areas-command-it", AreaName.class,
                AreaName::getCode, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), registry, serde)) {
            return topic.current().values().stream()
                    .map(a -> a.getCode() + " " + a.getName() + " " + (a.getNameEn() == null ? "-" : a.getNameEn())).toList();
        } finally {
            registry.close();
        }
    }

    @Test
    void shouldWriteTheDatabaseOnlyWithNoTopicAndSayWhenThePublicationFailed() throws Exception {
        // Given a broker nobody listens at
        Path file = Files.writeString(dir.resolve("north.csv"), "code,name\n330106001009,北村\n", StandardCharsets.UTF_8);

        // When imported with --no-topic, then without
        assertThat(console.runAfresh("areas", "import", file.toString(), "--jdbc-url", POSTGRES.jdbcUrl(), "--no-topic",
                "--bootstrap-servers", "127.0.0.1:1")).as(console.err()).isZero();
        assertThat(console.out()).contains("1 areas in").doesNotContain("published");
        assertThat(console.runAfresh("areas", "import", file.toString(), "--jdbc-url", POSTGRES.jdbcUrl(),
                "-s", "kafka.default.api.timeout.ms=2000", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(1);

        // Then the database holds the name and the failure says what is missing
        assertThat(names()).contains("330106001009 北村 -");
        assertThat(console.err()).contains("The names are in the database but NOT published to gatewatch.areas");
        assertThat(published()).noneMatch(area -> area.startsWith("330106001009"));
    }

    private static List<String> names() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT code, name, coalesce(name_en, '-') FROM area_name ORDER BY code")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
            }
        }
        return rows;
    }

    @Test
    void shouldImportNamesOnceRefuseABadFileWholeAndChangeNothingOnReimport() throws Exception {
        // Given a gazetteer file, and one with a bad code
        Path good = Files.writeString(dir.resolve("areas.csv"), "code,name,nameEn\n330106,西湖区,Xihu District\n"
                + "330106001,转塘街道,\n330106001001,东村,East Village\n", StandardCharsets.UTF_8);
        Path bad = Files.writeString(dir.resolve("bad.csv"), "code,name\n330106001002,西村\n3301060010,北村\n", StandardCharsets.UTF_8);

        // When the good one is imported twice and the bad one once
        assertThat(console.runAfresh("areas", "import", good.toString(), "--jdbc-url", POSTGRES.jdbcUrl())).as(console.err()).isZero();
        assertThat(console.out()).contains("3 areas in", "3 new or renamed, 0 unchanged", "3 published to gatewatch.areas");

        assertThat(console.runAfresh("areas", "import", good.toString(), "--jdbc-url", POSTGRES.jdbcUrl())).isZero();
        assertThat(console.out()).contains("0 new or renamed, 3 unchanged", "0 published to gatewatch.areas");

        assertThat(console.runAfresh("areas", "import", bad.toString(), "--jdbc-url", POSTGRES.jdbcUrl())).isEqualTo(DevicesCommand.EXIT_REFUSED);
        assertThat(console.err()).contains("line 3: field 'code' is not a 2, 4, 6, 9 or 12-digit division code");

        // Then the database and the topic hold the good file's names, once
        assertThat(names()).containsExactly("330106 西湖区 Xihu District", "330106001 转塘街道 -", "330106001001 东村 East Village");
        assertThat(published()).containsExactly("330106 西湖区 Xihu District", "330106001 转塘街道 -", "330106001001 东村 East Village");
    }
}
