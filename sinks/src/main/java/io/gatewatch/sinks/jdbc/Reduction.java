package io.gatewatch.sinks.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * What one batch's rows of a table reduce to, so that no statement touches a row twice
 * (PostgreSQL refuses an {@code ON CONFLICT DO UPDATE} that does): the topic's semantics decide
 * whether the first or the last row per key wins, the rows add up, or every row is kept.
 *
 * @param <R> the rows added
 * @param <S> the statement rows they reduce to
 */
final class Reduction<R, S> {
    private final Map<Object, S> byKey = new LinkedHashMap<>();
    private final List<S> kept = new ArrayList<>();
    private final Function<R, S> toStatementRow;
    private final Function<S, Object> key;
    private final BinaryOperator<S> merge;
    private final boolean reinsert;

    private Reduction(Function<R, S> toStatementRow, Function<S, Object> key, BinaryOperator<S> merge, boolean reinsert) {
        this.toStatementRow = toStatementRow;
        this.key = key;
        this.merge = merge;
        this.reinsert = reinsert;
    }

    /** Every row, in arrival order. */
    static <R> Reduction<R, R> every() {
        return new Reduction<>(Function.identity(), null, null, false);
    }

    /** The first row per key (immutable records: a replay changes nothing). */
    static <R> Reduction<R, R> firstPerKey(Function<R, Object> key) {
        return new Reduction<>(Function.identity(), key, (first, later) -> first, false);
    }

    /** The last row per key, ordered by its latest arrival (a topic read as a table). */
    static <R> Reduction<R, R> lastPerKey(Function<R, Object> key) {
        return new Reduction<>(Function.identity(), key, (earlier, last) -> last, true);
    }

    /** Rows turned into increments that add up per key. */
    static <R, S> Reduction<R, S> summed(Function<R, S> increment, Function<S, Object> key, BinaryOperator<S> plus) {
        return new Reduction<>(increment, key, plus, false);
    }

    void add(R row) {
        S statementRow = toStatementRow.apply(row);
        if (key == null) {
            kept.add(statementRow);
            return;
        }
        Object k = key.apply(statementRow);
        S before = reinsert ? byKey.remove(k) : byKey.get(k);
        byKey.put(k, before == null ? statementRow : merge.apply(before, statementRow));
    }

    /** The statement rows, in the order they are written. */
    Collection<S> rows() {
        return key == null ? kept : byKey.values();
    }

    int size() {
        return key == null ? kept.size() : byKey.size();
    }
}
