package io.gatewatch.streams.screening;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The screening topology's meters, registered once up front (every tag combination, so dashboards
 * see zeros rather than missing series, and the per-record path does no registry lookup).
 * Tags are small fixed sets: source, outcome, reason, type, severity — never ids.
 *
 * <p>Meters observe processing, they are not part of the exactly-once transaction: a task that
 * is retried after a failure counts its replayed records again. Use them for rates and alerting;
 * the topics and the sinks are the records of truth.
 */
public final class ScreeningMetrics {
    private final Map<ScanSource, Map<ScanOutcome, Counter>> scans = new EnumMap<>(ScanSource.class);
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Map<AlertType, Map<Severity, Counter>> alerts = new EnumMap<>(AlertType.class);
    private final Map<AlertType, Timer> latency = new EnumMap<>(AlertType.class);
    private final Counter duplicates;

    public ScreeningMetrics(MeterRegistry registry) {
        for (ScanSource source : ScanSource.values()) {
            Map<ScanOutcome, Counter> bySource = new EnumMap<>(ScanOutcome.class);
            for (ScanOutcome outcome : ScanOutcome.values()) {
                bySource.put(outcome, Counter.builder(MetricNames.SCANS).description("Scans screened")
                        .tag("source", source.name())
                        .tag("outcome", outcome.tag())
                        .register(registry));
            }
            scans.put(source, bySource);
        }
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder(MetricNames.SCANS_REJECTED).description("Scans refused, by reason")
                    .tag("reason", reason.code()).register(registry));
        }
        for (AlertType type : AlertType.values()) {
            Map<Severity, Counter> byType = new EnumMap<>(Severity.class);
            for (Severity severity : Severity.values()) {
                byType.put(severity, Counter.builder(MetricNames.ALERTS).description("Alerts raised")
                        .tag("type", type.name()).tag("severity", severity.name()).register(registry));
            }
            alerts.put(type, byType);
            latency.put(type, Timer.builder(MetricNames.ALERT_LATENCY)
                    .description("Scan event time to alert detection time")
                    .tag("type", type.name())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofDays(1))
                    .register(registry));
        }
        duplicates = Counter.builder(MetricNames.SCANS_DUPLICATE).description("Duplicate scans dropped by event id")
                .register(registry);
    }

    public void screened(ScanSource source, ScanOutcome outcome) {
        scans.get(source).get(outcome).increment();
    }

    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    /** Counts an alert and records its scan-to-detection latency (0 when the device clock ran ahead). */
    public void alertRaised(ScreeningAlert alert) {
        alerts.get(alert.getType()).get(alert.getSeverity()).increment();
        long latencyMs = alert.getDetectedAt().toEpochMilli() - alert.getScannedAt().toEpochMilli();
        latency.get(alert.getType()).record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
    }
}
