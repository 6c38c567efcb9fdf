package io.gatewatch.sinks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * The columns one statement writes for a row of type {@code R}, each named beside the value it
 * binds, so the SQL and its parameters come from one list and cannot drift apart (no positional
 * parameters written by hand). Builds the {@code INSERT}, upsert and delete statements of a table.
 */
final class Columns<R> {
    /** Binds one column's value of {@code row} to parameter {@code index}. */
    @FunctionalInterface
    interface Binder<R> {
        void bind(PreparedStatement statement, int index, R row) throws SQLException;
    }

    private final List<String> names = new ArrayList<>();
    private final List<Binder<R>> binders = new ArrayList<>();

    private Columns() {}

    static <R> Columns<R> of(Class<R> rowType) {
        return new Columns<>();
    }

    /** A {@code date} column; null stays null. */
    Columns<R> date(String name, Function<R, LocalDate> value) {
        return nullable(name, value, Types.DATE);
    }

    /** A {@code timestamp} (without time zone) column; null stays null. */
    Columns<R> localTimestamp(String name, Function<R, LocalDateTime> value) {
        return nullable(name, value, Types.TIMESTAMP);
    }

    Columns<R> doublePrecision(String name, ToDoubleFunction<R> value) {
        return column(name, (statement, index, row) -> statement.setDouble(index, value.applyAsDouble(row)));
    }

    Columns<R> column(String name, Binder<R> binder) {
        if (names.contains(name)) {
            throw new IllegalArgumentException("column " + name + " listed twice");
        }
        names.add(name);
        binders.add(binder);
        return this;
    }

    Columns<R> text(String name, Function<R, String> value) {
        return column(name, (statement, index, row) -> statement.setString(index, value.apply(row)));
    }

    Columns<R> smallint(String name, ToIntFunction<R> value) {
        return column(name, (statement, index, row) -> statement.setShort(index, (short) value.applyAsInt(row)));
    }

    Columns<R> integer(String name, ToIntFunction<R> value) {
        return column(name, (statement, index, row) -> statement.setInt(index, value.applyAsInt(row)));
    }

    Columns<R> nullableInteger(String name, Function<R, Integer> value) {
        return nullable(name, value, Types.INTEGER);
    }

    Columns<R> bigint(String name, ToLongFunction<R> value) {
        return column(name, (statement, index, row) -> statement.setLong(index, value.applyAsLong(row)));
    }

    Columns<R> nullableBigint(String name, Function<R, Long> value) {
        return nullable(name, value, Types.BIGINT);
    }

    Columns<R> nullableDouble(String name, Function<R, Double> value) {
        return nullable(name, value, Types.DOUBLE);
    }

    /** A column bound with its SQL type ({@link java.sql.Types}), so that null is bound as a typed null. */
    private Columns<R> nullable(String name, Function<R, ?> value, int sqlType) {
        return column(name, (statement, index, row) -> statement.setObject(index, value.apply(row), sqlType));
    }

    Columns<R> bool(String name, Predicate<R> value) {
        return column(name, (statement, index, row) -> statement.setBoolean(index, value.test(row)));
    }

    /** A {@code timestamptz} column; null stays null. */
    Columns<R> timestamp(String name, Function<R, Instant> value) {
        return column(name, (statement, index, row) -> statement.setObject(index, timestamp(value.apply(row))));
    }

    Columns<R> textArray(String name, Function<R, List<String>> value) {
        return column(name, (statement, index, row) ->
                statement.setArray(index, statement.getConnection().createArrayOf("text", value.apply(row).toArray())));
    }

    /** {@code kafka_topic}, {@code kafka_partition}, {@code kafka_offset}: where the row came from. */
    Columns<R> source(Function<R, RecordSource> value) {
        return text("kafka_topic", row -> value.apply(row).topic())
                .integer("kafka_partition", row -> value.apply(row).partition())
                .bigint("kafka_offset", row -> value.apply(row).offset());
    }

    List<String> names() {
        return List.copyOf(names);
    }

    /** Binds every column of {@code row}, in order, from parameter 1. */
    void bind(PreparedStatement statement, R row) throws SQLException {
        for (int i = 0; i < binders.size(); i++) {
            binders.get(i).bind(statement, i + 1, row);
        }
    }

    /** Runs {@code sql} (written from this list) once per row, as one JDBC batch; nothing when there are no rows. */
    void executeBatch(Connection connection, String sql, Collection<? extends R> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (R row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** {@code INSERT INTO table (every column) VALUES (?, …)}. */
    String insert(String table) {
        return "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", Collections.nCopies(names.size(), "?")) + ")";
    }

    /** An insert that leaves an existing row with the same {@code key} as it is. */
    String insertOrIgnore(String table, List<String> key) {
        return insert(table) + " ON CONFLICT (" + String.join(", ", requireColumns(key)) + ") DO NOTHING";
    }

    /**
     * An insert that, for an existing row with the same {@code key}, sets every other column to
     * the new value, except those given an expression of their own in {@code merges} (which may
     * refer to the old row as {@code table.column} and the new one as {@code EXCLUDED.column}).
     */
    String upsert(String table, List<String> key, Map<String, String> merges) {
        return upsertOn(table, String.join(", ", requireColumns(key)), key, merges);
    }

    /**
     * {@link #upsert(String, List, Map)} for a unique index on expressions: {@code conflictTarget}
     * is the index's text, {@code key} the columns it covers (left as they are on conflict).
     */
    String upsertOn(String table, String conflictTarget, List<String> key, Map<String, String> merges) {
        requireColumns(key);
        requireColumns(merges.keySet());
        Map<String, String> sets = new LinkedHashMap<>();
        for (String name : names) {
            if (!key.contains(name)) {
                sets.put(name, merges.getOrDefault(name, "EXCLUDED." + name));
            }
        }
        List<String> assignments = sets.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList();
        return insert(table) + " ON CONFLICT (" + conflictTarget + ") DO UPDATE SET "
                + String.join(", ", assignments);
    }

    String upsert(String table, List<String> key) {
        return upsert(table, key, Map.of());
    }

    /** {@code DELETE FROM table WHERE} every column of this list equals its parameter. */
    String deleteWhereEqual(String table) {
        return "DELETE FROM " + table + " WHERE " + String.join(" AND ", names.stream().map(n -> n + " = ?").toList());
    }

    private List<String> requireColumns(Collection<String> columns) {
        for (String column : columns) {
            if (!names.contains(column)) {
                throw new IllegalArgumentException("not a column of this statement: " + column);
            }
        }
        return List.copyOf(columns);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
