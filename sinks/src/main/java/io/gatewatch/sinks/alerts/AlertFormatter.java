package io.gatewatch.sinks.alerts;

import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.sinks.names.Names;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line per alert, for people watching a terminal: local time of the scan, severity, type,
 * where (village and checkpoint by name and code when {@link Names} knows them, else the code
 * alone), what was measured, the rule. Human lines leave out the person token (JSON lines carry
 * it for follow-up tools).
 *
 * <pre>2024-01-15 10:00:00 +0800 CRITICAL RED_CODE_ENTRY village=东村 (110101001001) checkpoint=东村卡口 (CP1) device=D1 code=RED rule="health code RED" event=E1</pre>
 */
public final class AlertFormatter {
    private final DateTimeFormatter time;
    private final Names names;

    /** Without names: places read as their codes. */
    public AlertFormatter(ZoneId zone) {
        this(zone, Names.none());
    }

    public AlertFormatter(ZoneId zone, Names names) {
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT).withZone(zone);
        this.names = names;
    }

    public String humanLine(ScreeningAlert alert) {
        StringBuilder line = new StringBuilder(160)
                .append(time.format(alert.getScannedAt()))
                .append(' ').append(String.format(Locale.ROOT, "%-8s", alert.getSeverity().name()))
                .append(' ').append(alert.getType().name())
                .append(" village=").append(names.area(alert.getVillageCode()))
                .append(" checkpoint=").append(names.checkpoint(alert.getCheckpointId()))
                .append(" device=").append(alert.getDeviceId());
        if (alert.getTemperatureCelsius() != null) {
            line.append(String.format(Locale.ROOT, " temp=%.1fC", alert.getTemperatureCelsius()));
        }
        if (alert.getHealthCode() != null) {
            line.append(" code=").append(alert.getHealthCode().name());
        }
        if (!alert.getRelatedCheckpoints().isEmpty()) {
            line.append(" checkpoints=").append(String.join(",", alert.getRelatedCheckpoints()));
        }
        return line.append(" rule=\"").append(alert.getRule()).append('"')
                .append(" event=").append(alert.getEventId())
                .toString();
    }

    /** The alert as a JSON line ({@link AlertJson}) with the names this formatter knows. */
    public String jsonLine(ScreeningAlert alert, String topic) {
        return AlertJson.toJson(alert, topic, names);
    }
}
