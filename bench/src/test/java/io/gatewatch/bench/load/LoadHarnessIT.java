package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.streams.common.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end with a tiny backlog and a short, slow paced run: the report must be
 * complete and consistent. Never a timed assertion: the figures of so small a run mean nothing.
 */
class LoadHarnessIT {
    private static final int SCANS = 3_000;

    @Test
    void shouldRunEveryPhaseAndWriteACompleteConsistentReport(@TempDir Path output) throws Exception {
        HarnessOptions options = HarnessOptions.parse("--scans", String.valueOf(SCANS), "--rates", "200", "--paced-seconds", "2",
                "--warmup-seconds", "1", "--guarantees", StreamsSettings.EXACTLY_ONCE_V2, "--output", output.toString());

        LoadHarness.Written written = LoadHarness.run(options);
        LoadReport report = written.report();

        assertThat(report.phases()).extracting(PhaseResult::phase)
                .containsExactly("consumer", "naive", "screening", "counts", "pipeline", "e2e");
        assertThat(report.produce()).as("the warm-up pass's pre-loads are not reported")
                .hasSize(3).allSatisfy(p -> assertThat(p.records()).isEqualTo(SCANS));
        assertThat(report.header().get("warmUp")).asString().contains("exactly_once_v2 naive", "exactly_once_v2 pipeline");
        for (PhaseResult phase : report.phases()) {
            assertThat(phase.seconds()).as(phase.name()).isPositive();
            assertThat(phase.processCpuSeconds()).as(phase.name()).isPositive();
            assertThat(phase.heapAfterGcBytes()).as(phase.name()).isPositive();
            assertThat(List.of(phase.recordsPerSecond(), phase.streamThreadCpuMicrosPerRecord(), phase.processCpuMicrosPerRecord()))
                    .as(phase.name()).allSatisfy(v -> assertThat(v).isFinite());
        }
        PhaseResult consumer = report.phases().get(0);
        assertThat(consumer.processed()).as("the ceiling read every record").isEqualTo(SCANS);
        for (String screening : List.of("screening", "pipeline", "e2e")) {
            PhaseResult phase = report.phases().stream().filter(p -> p.phase().equals(screening)).findFirst().orElseThrow();
            assertThat(phase.records()).isEqualTo(SCANS);
            assertThat(phase.processed()).as(screening + ": every record screened, refused or dropped as a duplicate, "
                    + "but for the malformed ones (dead-lettered before screening)").isBetween(SCANS - 10L, (long) SCANS);
            assertThat(phase.stateBytes()).as(screening + " keeps state").isPositive();
        }
        PhaseResult counts = report.phases().get(3);
        assertThat(counts.records()).as("counts alone reads what screening accepted").isPositive().isLessThanOrEqualTo(SCANS);
        PhaseResult endToEnd = report.phases().get(5);
        assertThat(endToEnd.details()).containsKey("sinkRows");

        assertThat(report.paced()).singleElement().satisfies(paced -> {
            assertThat(paced.targetRate()).isEqualTo(200);
            assertThat(paced.scansSent()).isPositive();
            assertThat(paced.latency().count()).as("alerts measured").isPositive();
            assertThat(paced.latency().p50Ms()).isFinite().isLessThanOrEqualTo(paced.latency().maxMs());
        });

        assertThat(Files.readString(written.markdown())).contains("## Backlog phases", "## Paced load").doesNotContain("NaN");
        assertThat(Files.readString(written.json())).doesNotContain("NaN");
        assertThat(output.resolve("latest.md")).exists();
        assertThat(output.resolve(".work")).doesNotExist();
        assertThat(Arrays.stream(output.toFile().list()).filter(f -> f.endsWith(".json"))).hasSize(2);
    }
}
