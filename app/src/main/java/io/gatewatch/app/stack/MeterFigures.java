package io.gatewatch.app.stack;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads GateWatch's counters back from a process's registry, for the progress line and the demo
 * summary: the same numbers Prometheus scrapes, so the summary and the dashboards agree.
 */
public final class MeterFigures {
    private final MeterRegistry registry;

    public MeterFigures(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Sum of every counter named {@code name}, over all tag values (0 when none is registered yet). */
    public long total(String name) {
        return Math.round(registry.find(name).meters().stream().mapToDouble(MeterFigures::countOf).sum());
    }

    /** Sum of the counters named {@code name} having tag {@code tag} = {@code value}. */
    public long total(String name, String tag, String value) {
        return Math.round(registry.find(name).tag(tag, value).meters().stream().mapToDouble(MeterFigures::countOf).sum());
    }

    /** Counter totals by the values of {@code tag}, sorted by value; meters without the tag count under "none". */
    public Map<String, Long> totalsBy(String name, String tag) {
        Map<String, Double> sums = new TreeMap<>();
        for (Meter meter : registry.find(name).meters()) {
            String value = meter.getId().getTag(tag);
            sums.merge(value == null ? "none" : value, countOf(meter), Double::sum);
        }
        Map<String, Long> result = new TreeMap<>();
        sums.forEach((k, v) -> result.put(k, Math.round(v)));
        return result;
    }

    private static double countOf(Meter meter) {
        if (meter instanceof Counter c) {
            return c.count();
        }
        if (meter instanceof FunctionCounter f) {
            return f.count();
        }
        if (meter instanceof Gauge g) {
            return g.value();
        }
        return 0;
    }
}
