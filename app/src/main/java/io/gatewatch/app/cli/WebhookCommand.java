package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.sinks.webhook.WebhookConfig;
import io.gatewatch.sinks.webhook.WebhookNotifier;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code gatewatch webhook}: alerts POSTed to HTTP endpoints, signed. */
@Command(name = "webhook", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"POST filtered alerts as JSON to webhook.urls, signed with HMAC-SHA256 (webhook.secret), retried with backoff, "
                + "at least once with the alert id as Idempotency-Key. Bodies carry villageName and checkpointName beside the codes "
                + "(from gatewatch.areas and gatewatch.devices; null when unknown). See sinks/README.md."})
public final class WebhookCommand extends KafkaCommand {
    @Override
    protected String configScope() {
        return ConfigCatalog.WEBHOOK;
    }

    @Override
    protected void validateEngine(ResolvedConfig config) {
        new WebhookConfig(EngineConfigs.forConsumerEngine(config, ConfigCatalog.WEBHOOK_SECTION));
    }

    @Override
    protected int run(ResolvedConfig config) throws Exception {
        WebhookConfig webhookConfig = new WebhookConfig(EngineConfigs.forConsumerEngine(config, ConfigCatalog.WEBHOOK_SECTION));
        ProcessRuntime runtime = ProcessRuntime.start("webhook", config);
        try {
            WebhookNotifier notifier = runtime.lifecycle().register("webhook notifier",
                    new WebhookNotifier(webhookConfig, runtime.metrics().registry()).start());
            runtime.health().addLivenessCheck("webhook", () -> !notifier.isFailed());
            Thread watcher = new Thread(() -> {
                try {
                    notifier.awaitTermination(Duration.ofDays(3650));
                    if (notifier.isFailed()) {
                        runtime.fail("the webhook notifier failed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "gatewatch-webhook-watcher");
            watcher.setDaemon(true);
            watcher.start();
            return runtime.runUntilStopped(out(), "Webhook notifier delivering " + webhookConfig.topics() + ".");
        } finally {
            runtime.close();
        }
    }
}
