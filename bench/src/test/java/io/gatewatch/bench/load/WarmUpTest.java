package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.streams.common.StreamsSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which phases the warm-up pass runs, so that no measured ratio depends on the order of the phases. */
class WarmUpTest {
    private static final String ALOS = StreamsSettings.AT_LEAST_ONCE;
    private static final String EOS = StreamsSettings.EXACTLY_ONCE_V2;

    @Test
    void shouldWarmEveryMeasuredStreamsPhaseUnderEveryMeasuredGuarantee() {
        // Given the check: naive and pipeline under both guarantees
        HarnessOptions options = HarnessOptions.parse("--phases", "naive,pipeline", "--guarantees", "at_least_once,exactly_once_v2");

        // When the warm-up is planned
        List<WarmUp.Step> plan = WarmUp.plan(options);

        // Then both phases ran once under each guarantee before anything is measured
        assertThat(plan).containsExactly(new WarmUp.Step(ALOS, Phase.NAIVE), new WarmUp.Step(ALOS, Phase.PIPELINE),
                new WarmUp.Step(EOS, Phase.NAIVE), new WarmUp.Step(EOS, Phase.PIPELINE));
    }

    @Test
    void shouldWarmTheSameWayWhateverOrderThePhasesAreNamedIn() {
        List<WarmUp.Step> oneOrder = WarmUp.plan(HarnessOptions.parse("--phases", "pipeline,naive", "--guarantees", "exactly_once_v2"));
        List<WarmUp.Step> otherOrder = WarmUp.plan(HarnessOptions.parse("--phases", "naive,pipeline", "--guarantees", "exactly_once_v2"));

        assertThat(oneOrder).isEqualTo(otherOrder);
    }

    @Test
    void shouldLeaveTheConsumerOutBecauseItAlreadyReadsTwice() {
        List<WarmUp.Step> plan = WarmUp.plan(HarnessOptions.parse("--phases", "consumer,naive", "--guarantees", "exactly_once_v2"));

        assertThat(plan).containsExactly(new WarmUp.Step(EOS, Phase.NAIVE));
    }

    @Test
    void shouldWarmTheEndToEndAndPacedPhasesThroughThePipelineTheyRun() {
        List<WarmUp.Step> plan = WarmUp.plan(HarnessOptions.parse("--phases", "e2e,paced", "--guarantees", "exactly_once_v2"));

        assertThat(plan).containsExactly(new WarmUp.Step(EOS, Phase.PIPELINE));
    }

    @Test
    void shouldWarmScreeningWhenCountsAloneIsMeasuredBecauseCountsReadsItsOutput() {
        List<WarmUp.Step> plan = WarmUp.plan(HarnessOptions.parse("--phases", "counts", "--guarantees", "exactly_once_v2"));

        assertThat(plan).containsExactly(new WarmUp.Step(EOS, Phase.SCREENING), new WarmUp.Step(EOS, Phase.COUNTS));
    }

    @Test
    void shouldPlanNothingWithoutWarmUpScans() {
        assertThat(WarmUp.plan(HarnessOptions.parse("--phases", "naive,pipeline", "--warmup-scans", "0"))).isEmpty();
    }

    @Test
    void shouldDefaultToAFifthOfTheBacklogAtMostTwoHundredThousand() {
        assertThat(HarnessOptions.parse("--scans", "200000").warmupScans()).isEqualTo(40_000);
        assertThat(HarnessOptions.parse().warmupScans()).isEqualTo(200_000);
        assertThat(HarnessOptions.parse("--scans", "5000000").warmupScans()).isEqualTo(200_000);
        assertThat(HarnessOptions.parse("--warmup-scans", "1_000").warmupScans()).isEqualTo(1_000);
    }
}
