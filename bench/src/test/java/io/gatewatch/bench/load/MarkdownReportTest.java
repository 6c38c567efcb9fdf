package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private static final PhaseResult SCREENING = new PhaseResult("screening", "screening alone", "exactly_once_v2", 200_000, 200_000,
            4.0, 5.0, 6.0, 3.0, 500L << 20, 100L << 20, 50L << 20, 1.5, Map.of("screeningThreadTime", Map.of("process-ratio", 0.8), "rocksDbBackgroundCpuSeconds", 2.0));
    private static final PacedResult PACED = new PacedResult("exactly_once_v2", 5_000, 4_990.0, 30.0, 149_700,
            new Percentiles(1_234, 40, 90, 180, 400, 50), new Percentiles(1_234, 5, 9, 20, 60, 6), 12, true, 15.0, 1.2);

    private static LoadReport report() {
        return new LoadReport(Map.of("cores", 2), List.of(new ProduceResult("A exactly_once_v2", 200_000, 24_000_000, 0.5)),
                List.of(SCREENING), List.of(PACED),
                new LoadReport.Profile("screening + counts", 1000, Map.of("stream thread(s)", 60.0), Map.of("Avro deserialisation", 12.5),
                        Map.of("ThreadPark in StreamsProducer.commitTransaction", 300.0), Map.of("org.apache.avro", 8.0)));
    }

    @Test
    void shouldDeriveRatesAndPerRecordFigures() {
        assertThat(SCREENING.recordsPerSecond()).isEqualTo(50_000);
        assertThat(SCREENING.streamThreadCpuMicrosPerRecord()).isEqualTo(15.0);
        assertThat(SCREENING.processCpuMicrosPerRecord()).isEqualTo(30.0);
        assertThat(SCREENING.stateBytesPerMillion()).isEqualTo(250L << 20);
        assertThat(PACED.processCpuMicrosPerScan()).isCloseTo(100.2, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void shouldRenderEverySectionWithoutNaN() {
        String markdown = MarkdownReport.render(report());

        assertThat(markdown).contains("## Backlog pre-load", "| A exactly_once_v2 | 200,000 | 24.0 | 0.50 | 400,000 |");
        assertThat(markdown).contains("| screening alone | exactly_once_v2 | 200,000 | 4.00 | 50,000 | 15.0 | 10.0 | 30.0 | 500 | 100 | 250.0 | 1.5 |");
        assertThat(markdown).contains("| exactly_once_v2 | 5,000 | 4,990 | 1,234 | 40 | 90 | 180 | 400 | 5 / 20 | 12 | yes | 100.2 | 1.2 |");
        assertThat(markdown).contains("## Profile: screening + counts", "| Avro deserialisation | 12.5 |");
        assertThat(markdown).doesNotContain("NaN", "Infinity");
    }

    @Test
    void shouldWriteDerivedFiguresIntoTheJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report()));

        assertThat(json.at("/phases/0/recordsPerSecond").asDouble()).isEqualTo(50_000);
        assertThat(json.at("/phases/0/streamThreadCpuMicrosPerRecord").asDouble()).isEqualTo(15.0);
        assertThat(json.at("/paced/0/latency/p99Ms").asDouble()).isEqualTo(180);
        assertThat(json.at("/produce/0/recordsPerSecond").asDouble()).isEqualTo(400_000);
    }

    @Test
    void shouldCompareTheHeadlineWithTheCeilingAndTheNaiveBaseline() {
        PhaseResult ceiling = new PhaseResult("consumer", "plain consumer", "n/a", 200_000, 200_000, 0.5, 0, 1, 0.4, 1, 1, 0, 1, Map.of());
        PhaseResult naive = new PhaseResult("naive", "naive", "exactly_once_v2", 200_000, -1, 5.0, 3, 6, 3, 1, 1, 1, 1, Map.of());
        PhaseResult pipeline = new PhaseResult("pipeline", "screening + counts", "exactly_once_v2", 200_000, 200_000, 4.0, 5, 8, 6, 1, 1, 1,
                1, Map.of());

        String summary = MarkdownReport.summary(new LoadReport(Map.of(), List.of(), List.of(ceiling, naive, pipeline), List.of(), null));

        assertThat(summary).isEqualTo("- screening + counts, exactly_once_v2: 50,000 scans/s, 12.5 % of the plain-consumer ceiling, "
                + "1.25× the naive baseline (40,000 scans/s)\n");
    }

    @Test
    void shouldSayWhenChildJvmsRanInstancesAndTheirCpuIsIncluded() {
        PhaseResult pipeline = new PhaseResult("pipeline", "screening + counts", "exactly_once_v2", 200_000, 200_000, 4.0, 5, 8, 6, 1, 1, 1,
                1, Map.of("instanceJvmCpuSeconds", 3.0));

        assertThat(MarkdownReport.render(new LoadReport(Map.of(), List.of(), List.of(pipeline), List.of(), null)))
                .contains("ran in child JVMs (--instance-jvms): process and stream-thread CPU include theirs");
        assertThat(MarkdownReport.render(report())).doesNotContain("child JVMs");
    }

    @Test
    void shouldLeaveOutTheProfileAndPacedSectionsWhenNotRun() {
        String markdown = MarkdownReport.render(new LoadReport(Map.of(), List.of(), List.of(SCREENING), List.of(), null));

        assertThat(markdown).doesNotContain("## Paced load", "## Profile");
    }

    @Test
    void shouldShowWhereEachPhasesCpuWentPerRecordAndThreadGroup() {
        PhaseResult pipeline = new PhaseResult("pipeline", "screening + counts", "exactly_once_v2", 200_000, 200_000, 4.0, 5, 8, 6, 1, 1,
                1, 1, Map.of(MarkdownReport.CPU_BY_THREAD_GROUP, Map.of("stream threads", 6.0, "JIT compilers", 1.5)));
        LoadReport report = new LoadReport(Map.of(), List.of(), List.of(pipeline), List.of(), null);

        String markdown = MarkdownReport.render(report);

        assertThat(markdown).contains("| group | pipeline exactly_once_v2 |", "| stream threads | 30.0 |", "| JIT compilers | 7.5 |");
        assertThat(markdown).as("the groups are a table, not a details entry").doesNotContain("cpuSecondsByThreadGroup");
    }

    @Test
    void shouldGroupThreadsAsKafkaAndTheJvmNameThem() {
        assertThat(ResourceMeter.groupOfJavaThread("bench-screening-1a2b-StreamThread-1")).isEqualTo("stream threads");
        assertThat(ResourceMeter.groupOfJavaThread("bench-screening-1a2b-StreamThread-1-producer")).isEqualTo("Streams producers (network)");
        assertThat(ResourceMeter.groupOfJavaThread("data-plane-kafka-request-handler-3")).isEqualTo("broker request handlers");
        assertThat(ResourceMeter.groupOfJavaThread("data-plane-kafka-network-thread-1-ListenerName(PLAINTEXT)-PLAINTEXT-0"))
                .isEqualTo("broker network");
        assertThat(ResourceMeter.groupOfNativeThread("C2 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(ResourceMeter.groupOfNativeThread("G1 Conc#0")).isEqualTo("garbage collector");
        assertThat(ResourceMeter.groupOfNativeThread("rocksdb:low")).isEqualTo("RocksDB background");
        assertThat(ResourceMeter.groupOfNativeThread("bench-screening")).as("a Java thread: counted by name instead").isNull();
    }

    @Test
    void shouldAttributeThisThreadsWorkToItsGroup() {
        ResourceMeter meter = ResourceMeter.start();
        long sink = 0;
        for (long i = 0; i < 50_000_000L; i++) {
            sink += i ^ (sink >>> 3);
        }
        Map<String, Double> groups = meter.cpuSecondsByThreadGroup();
        meter.close();

        assertThat(sink).isNotZero();
        assertThat(groups.get(ResourceMeter.groupOfJavaThread(Thread.currentThread().getName()))).isPositive();
        assertThat(groups).containsKey("all others (ended threads, VM, unattributed)");
    }
}
