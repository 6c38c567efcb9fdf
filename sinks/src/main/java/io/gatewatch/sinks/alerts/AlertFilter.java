package io.gatewatch.sinks.alerts;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which alerts a follower wants: village codes starting with one of {@code areaPrefixes} (a
 * 6-digit county, 9-digit township or full 12-digit village code; empty = everywhere), of one of
 * {@code types} (empty = every type), at {@code minSeverity} or above.
 */
public record AlertFilter(List<String> areaPrefixes, Set<AlertType> types, Severity minSeverity)
        implements Predicate<ScreeningAlert> {

    public static final AlertFilter ALL = new AlertFilter(List.of(), Set.of(), Severity.LOW);

    public AlertFilter {
        areaPrefixes = List.copyOf(areaPrefixes);
        types = Set.copyOf(types);
    }

    @Override
    public boolean test(ScreeningAlert alert) {
        return alert.getSeverity().compareTo(minSeverity) >= 0
                && (types.isEmpty() || types.contains(alert.getType()))
                && (areaPrefixes.isEmpty() || areaPrefixes.stream().anyMatch(alert.getVillageCode()::startsWith));
    }
}
