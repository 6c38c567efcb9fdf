package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.streams.common.StreamsSettings;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {

    @Test
    void shouldDefaultToTheFullRun() {
        HarnessOptions options = HarnessOptions.parse();

        assertThat(options.scans()).isEqualTo(1_000_000);
        assertThat(options.rates()).containsExactly(1_000, 5_000, 20_000);
        assertThat(options.pacedSeconds()).isEqualTo(30);
        assertThat(options.guarantees()).containsExactly(StreamsSettings.AT_LEAST_ONCE, StreamsSettings.EXACTLY_ONCE_V2);
        assertThat(options.phases()).isEqualTo(EnumSet.allOf(Phase.class));
        assertThat(options.commitIntervalMs()).isEqualTo(HarnessOptions.DEFAULT_COMMIT_INTERVAL_MS);
        assertThat(options.profile()).isFalse();
    }

    @Test
    void shouldShrinkEverythingForAQuickRunButKeepExplicitValues() {
        HarnessOptions options = HarnessOptions.parse("--quick", "--scans", "50_000");

        assertThat(options.scans()).isEqualTo(50_000);
        assertThat(options.rates()).containsExactly(1_000);
        assertThat(options.pacedSeconds()).isEqualTo(5);
        assertThat(options.quick()).isTrue();
    }

    @Test
    void shouldParsePhasesRatesGuaranteesAndSettings() {
        HarnessOptions options = HarnessOptions.parse("--phases", "paced,e2e", "--rates", "100,200", "--guarantees", "exactly_once_v2",
                "--set", "counts.punctuation.interval.ms=1000", "--commit-interval-ms", "0", "--profile", "--threads", "2",
                "--instances", "2");

        assertThat(options.phases()).containsExactlyInAnyOrder(Phase.PACED, Phase.END_TO_END);
        assertThat(options.rates()).containsExactly(100, 200);
        assertThat(options.guarantees()).containsExactly(StreamsSettings.EXACTLY_ONCE_V2);
        assertThat(options.settings()).isEqualTo(Map.of("counts.punctuation.interval.ms", "1000"));
        assertThat(options.commitIntervalMs()).as("0 = Kafka's default per guarantee").isNull();
        assertThat(options.profile()).isTrue();
        assertThat(options.threads()).isEqualTo(2);
        assertThat(options.instances()).isEqualTo(2);
    }

    @Test
    void shouldRunLaterInstancesInChildJvmsOnlyWhenAsked() {
        assertThat(HarnessOptions.parse("--instances", "2").instanceJvms()).as("one JVM by default").isFalse();

        HarnessOptions options = HarnessOptions.parse("--instances", "2", "--instance-jvms");

        assertThat(options.instanceJvms()).isTrue();
        assertThat(options.describe()).containsEntry("instanceJvms", true);
        assertThatThrownBy(() -> HarnessOptions.parse("--instance-jvms")).as("nothing to run in a second JVM")
                .hasMessageContaining("--instance-jvms needs --instances of at least 2");
    }

    @Test
    void shouldRejectWhatItDoesNotKnow() {
        assertThatThrownBy(() -> HarnessOptions.parse("--speed", "1")).hasMessageContaining("Unknown option '--speed'");
        assertThatThrownBy(() -> HarnessOptions.parse("--phases", "warp")).hasMessageContaining("Unknown phase 'warp'");
        assertThatThrownBy(() -> HarnessOptions.parse("--guarantees", "exactly_once")).hasMessageContaining("Unknown guarantee");
        assertThatThrownBy(() -> HarnessOptions.parse("--scans")).hasMessageContaining("--scans needs a value");
        assertThatThrownBy(() -> HarnessOptions.parse("--set", "novalue")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> HarnessOptions.parse("--instances", "0")).hasMessageContaining("--instances");
        assertThatThrownBy(() -> HarnessOptions.parse("--warmup-scans", "-1")).hasMessageContaining("--warmup-scans");
    }

    @Test
    void shouldDescribeEverySettingThatDecidesTheFigures() {
        Map<String, Object> described = HarnessOptions.parse("--quick").describe();

        assertThat(described).containsKeys("scans", "guarantees", "phases", "streamThreads", "instances", "warmupScans", "partitions",
                "commitIntervalMs",
                "pacedRates", "pacedSeconds", "settings");
        assertThat(described.get("phases")).isEqualTo(List.of("consumer", "naive", "screening", "counts", "pipeline", "e2e", "paced"));
    }
}
