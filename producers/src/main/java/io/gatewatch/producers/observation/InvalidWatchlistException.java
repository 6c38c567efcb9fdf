package io.gatewatch.producers.observation;

import java.util.List;

/** A watchlist file refused as a whole: every problem, each as {@code line N: ...} (never a raw id). */
public final class InvalidWatchlistException extends RuntimeException {
    private final List<String> problems;

    public InvalidWatchlistException(List<String> problems) {
        super(problems.size() + " problem(s) in the watchlist file, nothing written: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
