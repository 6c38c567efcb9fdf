package io.gatewatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.ConfigSources;
import io.gatewatch.app.config.ResolvedConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A process watches the components that can stop on their own (the sink, the webhook notifier). */
class ProcessRuntimeTest {
    private final StringWriter out = new StringWriter();

    private static ProcessRuntime runtime() {
        return ProcessRuntime.start("test", ResolvedConfig.resolve(
                ConfigSources.merge(null, Map.of(), Map.of(CommonConfig.METRICS_ENABLED, "false")), ConfigCatalog.TOPICS));
    }

    @Test
    void shouldStopWithExitCodeOneWhenAWatchedComponentStopsFailed() throws Exception {
        try (ProcessRuntime runtime = runtime()) {
            CountDownLatch sinkStopped = new CountDownLatch(1);
            runtime.failWhenStopped("sink", sinkStopped::await, () -> "the PostgreSQL sink failed: database gone");

            sinkStopped.countDown();

            await().atMost(Duration.ofSeconds(30)).until(runtime.lifecycle()::stopRequested);
            assertThat(runtime.runUntilStopped(new PrintWriter(out), "Sink writing.")).isEqualTo(GatewatchCli.EXIT_FAILURE);
        }
    }

    @Test
    void shouldKeepRunningWhenAWatchedComponentStopsWithoutFailure() throws Exception {
        try (ProcessRuntime runtime = runtime()) {
            CountDownLatch asked = new CountDownLatch(1);
            runtime.failWhenStopped("webhook", () -> {}, () -> {
                asked.countDown();
                return null; // stopped by the process's own shutdown, not failed
            });
            asked.await();

            runtime.lifecycle().requestStop();

            assertThat(runtime.runUntilStopped(new PrintWriter(out), "Webhook notifier delivering.")).isZero();
        }
    }
}
