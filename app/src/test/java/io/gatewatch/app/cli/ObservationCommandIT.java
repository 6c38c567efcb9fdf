package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.producers.gate.Pseudonymizer;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationKind;
import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatewatch observation import|release} against a real broker: one transaction, placed by person, all or nothing. */
class ObservationCommandIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PARTITIONS = 3;
    private static final String SECRET = "observation-it-secret-0123456789";
    private static final String REGISTRY = "mock://observation-it";
    private static final String VILLAGE = "330110001001";

    @TempDir
    Path dir;

    private final CliConsole console = new CliConsole(() -> Map.of(
            "GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
            "GATEWATCH_SCHEMA_REGISTRY_URL", REGISTRY,
            "GATEWATCH_PSEUDONYM_SECRET", SECRET,
            "GATEWATCH_METRICS_PORT", "0"));

    @BeforeAll
    static void createTopic() {
        KAFKA.createTopic(Topics.OBSERVATION, PARTITIONS);
    }

    @Test
    void shouldWriteEveryPersonPseudonymisedToTheirPartitionAndReleaseThem() throws Exception {
        Path file = write("import.csv", "personId,kind,villageCode,from,to",
                "33011019800101123X,HOME," + VILLAGE + ",2026-12-01,2026-12-14",
                "330110199002021234,CENTRAL," + VILLAGE + ",2026-12-03,2026-12-16");
        Path release = write("release.csv", "personId,kind,villageCode,from,to,releasedOn",
                "33011019800101123X,HOME," + VILLAGE + ",2026-12-01,2026-12-14,2026-12-06");
        Pseudonymizer tokens = new Pseudonymizer(SECRET.getBytes(StandardCharsets.UTF_8));
        String home = tokens.token("33011019800101123X");
        List<String> ours = List.of(home, tokens.token("330110199002021234"));

        assertThat(console.run("observation", "import", file.toString())).isZero();
        assertThat(console.run("observation", "import", file.toString())).isZero(); // idempotent: the same state again, nothing written
        assertThat(console.run("observation", "release", release.toString())).isZero();

        var values = AvroSerde.forValues(ObservationEntry.class, registry(), Map.of("schema.registry.url", REGISTRY)).deserializer();
        Map<String, ObservationEntry> latest = new HashMap<>();
        int written = 0;
        for (ConsumerRecord<byte[], byte[]> record : readCommitted()) {
            ObservationEntry entry = values.deserialize(Topics.OBSERVATION, record.value());
            if (entry == null || !ours.contains(entry.getPersonToken())) {
                continue; // another test's people
            }
            written++;
            assertThat(record.partition()).isEqualTo(ObservationPartitioning.partitionOf(entry.getPersonToken(), PARTITIONS));
            assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain("33011019800101123X");
            latest.put(entry.getPersonToken(), entry);
        }
        assertThat(written).isEqualTo(3);
        assertThat(latest).hasSize(2);
        assertThat(latest.get(home).getKind()).isEqualTo(ObservationKind.HOME);
        assertThat(latest.get(home).getReleasedOn()).isEqualTo(LocalDate.of(2026, 12, 6));
        assertThat(console.out()).contains("2 observation(s) written").contains("0 observation(s) written")
                .contains("1 release(s) written");
    }

    @Test
    void shouldWriteNothingWhenOneLineIsBad() throws Exception {
        int before = readCommitted().size();
        Path file = write("bad.csv", "personId,kind,villageCode,from,to",
                "110101199001011234,HOME," + VILLAGE + ",2026-12-01,2026-12-14",
                "110101199001015678,HOME," + VILLAGE + ",2026-12-01,tomorrow");

        assertThat(console.run("observation", "import", file.toString())).isEqualTo(ObservationCommand.EXIT_INVALID_FILE);

        assertThat(console.err()).contains("line 3: to must be a date").doesNotContain("110101199001015678");
        assertThat(readCommitted()).hasSize(before);
    }

    @Test
    void shouldExpireOnlyEntriesThatEndedLongerAgoThanTheRetention() throws Exception {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        Path file = write("expiry.csv", "personId,kind,villageCode,from,to",
                "330110197001011111,HOME," + VILLAGE + "," + today.minusDays(60) + "," + today.minusDays(40),
                "330110197001012222,HOME," + VILLAGE + "," + today.minusDays(20) + "," + today.minusDays(10),
                "330110197001013333,CENTRAL," + VILLAGE + "," + today.minusDays(3) + "," + today.plusDays(11));
        Pseudonymizer tokens = new Pseudonymizer(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(console.run("observation", "import", file.toString())).isZero();

        assertThat(console.run("observation", "expire", "--keep-days", "28")).isZero();

        Map<String, ObservationEntry> watchlist = currentWatchlist();
        assertThat(watchlist).doesNotContainKey(tokens.token("330110197001011111"))
                .containsKeys(tokens.token("330110197001012222"), tokens.token("330110197001013333"));
        assertThat(console.out()).contains("1 watchlist entry ended more than 28 days before " + today + " removed")
                .doesNotContain(tokens.token("330110197001011111"));
        assertThat(console.run("observation", "import", file.toString())).isZero(); // a re-import brings it back: the file is the authority
        assertThat(currentWatchlist()).containsKey(tokens.token("330110197001011111"));
    }

    /** The watchlist as compaction will leave it: each person's latest record, tombstones removing them. */
    private Map<String, ObservationEntry> currentWatchlist() {
        var keys = AvroSerde.forKeys(String.class, registry(), Map.of("schema.registry.url", REGISTRY)).deserializer();
        var values = AvroSerde.forValues(ObservationEntry.class, registry(), Map.of("schema.registry.url", REGISTRY)).deserializer();
        Map<String, ObservationEntry> current = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted()) {
            String token = keys.deserialize(Topics.OBSERVATION, record.key());
            ObservationEntry entry = values.deserialize(Topics.OBSERVATION, record.value());
            assertThat(record.partition()).isEqualTo(ObservationPartitioning.partitionOf(token, PARTITIONS));
            if (entry == null) {
                current.remove(token);
            } else {
                current.put(token, entry);
            }
        }
        return current;
    }

    private Path write(String name, String... lines) throws Exception {
        return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    private static SchemaRegistryClient registry() {
        return SchemaRegistryClients.create(Map.of("schema.registry.url", REGISTRY));
    }

    /** Every committed record on the watchlist, read to the end. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted() {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "observation-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.OBSERVATION).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
