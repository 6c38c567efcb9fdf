package io.gatewatch.sinks.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Finds the constant a request parameter names by its tag ({@code lang=zh}, {@code format=csv}), case-insensitively. */
final class Tags {
    private Tags() {}

    static <E extends Enum<E>> Optional<E> find(E[] values, Function<E, String> tagOf, String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String wanted = tag.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values).filter(value -> tagOf.apply(value).equals(wanted)).findFirst();
    }
}
