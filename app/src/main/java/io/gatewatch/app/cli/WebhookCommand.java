package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.sinks.webhook.WebhookConfig;
import io.gatewatch.sinks.webhook.WebhookNotifier;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code gatewatch webhook}: alerts POSTed to HTTP endpoints, signed. */
@Command(name = "webhook", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"POST filtered alerts as JSON to webhook.urls, signed with HMAC-SHA256 (webhook.secret), retried with backoff, "
                + "at least once with the alert id as Idempotency-Key. Bodies carry villageName and checkpointName beside the codes "
                + "(from gatewatch.areas and gatewatch.devices; null when unknown). See sinks/README.md."})
public final class WebhookCommand extends ServiceCommand<WebhookConfig> {
    public WebhookCommand() {
        super(ConfigCatalog.WEBHOOK, "webhook", config -> new WebhookConfig(EngineConfigs.forConsumerEngine(config, ConfigCatalog.WEBHOOK_SECTION)));
    }

    @Override
    protected int serve(WebhookConfig webhookConfig, ProcessRuntime runtime) throws Exception {
        WebhookNotifier notifier = runtime.lifecycle().register("webhook notifier",
                new WebhookNotifier(webhookConfig, runtime.metrics().registry()).start());
        runtime.health().addLivenessCheck("webhook", () -> !notifier.isFailed());
        runtime.failWhenStopped("webhook", () -> notifier.awaitTermination(Duration.ofDays(3650)),
                () -> notifier.isFailed() ? "the webhook notifier failed" : null);
        return runtime.runUntilStopped(out(), "Webhook notifier delivering " + webhookConfig.topics() + ".");
    }
}
