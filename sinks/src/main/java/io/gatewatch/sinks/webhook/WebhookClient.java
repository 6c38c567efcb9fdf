package io.gatewatch.sinks.webhook;

import io.gatewatch.sinks.retry.Backoff;
import io.gatewatch.sinks.retry.Pause;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs one signed JSON body to one URL, retrying retryable failures with exponential backoff.
 * Every attempt carries the same body, signature and idempotency key (so a receiver can drop
 * repeats) and a fresh timestamp header. Logs name the URL without its query (which may hold a
 * token), never the body.
 */
final class WebhookClient {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookClient.class);
    private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 425, 429);

    private final HttpClient http;
    private final WebhookSigner signer;
    private final Duration timeout;
    private final Backoff backoff;
    private final Pause pause;
    private final Clock clock;

    public WebhookClient(WebhookSigner signer, Duration timeout, Backoff backoff, Pause pause, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.signer = signer;
        this.timeout = timeout;
        this.backoff = backoff;
        this.pause = pause;
        this.clock = clock;
    }

    /**
     * Delivers {@code body}; {@code onRetry} is told the number of each retry before it waits.
     *
     * @param idempotencyKey sent as {@value WebhookSigner#IDEMPOTENCY_HEADER} on every attempt
     */
    public DeliveryOutcome deliver(URI url, byte[] body, String idempotencyKey, String alertType, IntConsumer onRetry) {
        String signature = signer.sign(body);
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpRequest request = HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", "GateWatch-Webhook/1")
                        .header(WebhookSigner.SIGNATURE_HEADER, signature)
                        .header(WebhookSigner.TIMESTAMP_HEADER, String.valueOf(clock.instant().getEpochSecond()))
                        .header(WebhookSigner.IDEMPOTENCY_HEADER, idempotencyKey)
                        .header(WebhookSigner.ALERT_TYPE_HEADER, alertType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return DeliveryOutcome.DELIVERED;
                }
                if (status < 500 && !RETRYABLE_4XX.contains(status)) {
                    LOG.error("Webhook {} refused the alert with HTTP {}: not retried", redacted(url), status);
                    return DeliveryOutcome.REJECTED;
                }
                problem = "HTTP " + status;
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryOutcome.INTERRUPTED;
            }
            if (!backoff.allowsRetry(attempt)) {
                LOG.error("Webhook {} failed after {} attempts (last: {})", redacted(url), attempt, problem);
                return DeliveryOutcome.FAILED;
            }
            Duration delay = backoff.delayBeforeRetry(attempt);
            LOG.warn("Webhook {} attempt {} failed ({}); retrying in {} ms", redacted(url), attempt, problem, delay.toMillis());
            onRetry.accept(attempt);
            if (!pause.pause(delay)) {
                return DeliveryOutcome.INTERRUPTED;
            }
        }
    }

    /** The URL without user info and query: safe to log. */
    static String redacted(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + (url.getPath() == null ? "" : url.getPath());
    }
}
