package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.streams.common.StreamsSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --instance-jvms}: the pipeline with its second instance of screening and of counts in
 * child JVMs, one standby replica each, must still account for every scan exactly once — the
 * child's share is counted too, not lost and not doubled — and leave no JVM behind.
 */
class InstanceJvmsIT {
    private static final int SCANS = 1_500;

    @Test
    void shouldCountEveryScanOnceAcrossTheHarnessAndItsInstanceJvms(@TempDir Path output) throws Exception {
        // 2 partitions of scans: their tasks still spread over both JVMs, and the start is shorter than with 6
        HarnessOptions options = HarnessOptions.parse("--scans", String.valueOf(SCANS), "--phases", "pipeline", "--guarantees",
                StreamsSettings.EXACTLY_ONCE_V2, "--instances", "2", "--instance-jvms", "--set", StreamsSettings.NUM_STANDBY_REPLICAS + "=1",
                "--warmup-scans", "0", "--partitions", "2", "--output", output.toString());

        LoadReport report = LoadHarness.run(options).report();

        PhaseResult pipeline = report.phases().get(0);
        assertThat(pipeline.processed()).as("every record screened, refused or dropped as a duplicate once, in either JVM, "
                + "but for the malformed ones (dead-lettered before screening)").isBetween(SCANS - 10L, (long) SCANS);
        assertThat(pipeline.details().get("screeningRanIn")).asString().contains("harness JVM", "child JVM pid");
        assertThat(pipeline.details().get("countsRanIn")).asString().contains("harness JVM", "child JVM pid");
        assertThat((Double) pipeline.details().get("instanceJvmCpuSeconds")).as("the children's CPU is in the phase's").isPositive();
        assertThat(report.header().get("registry")).asString().contains("over HTTP on loopback");
        assertThat(InstanceJvm.livePids()).as("no instance JVM outlives its phase").isEmpty();
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(InstanceMain.class.getName()))).isEmpty();
    }
}
