package io.gatewatch.app.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The simulator's ground truth of every demo run on one data directory, kept in
 * {@code runs/run-NNNN.json} beside the data it produced, so a resumed run compares the database
 * (which holds every run's rows) with the sum of every run's ground truth — like with like.
 *
 * <p>Each run's file is rewritten atomically while it runs ({@link #record}) and marked
 * {@code complete} when the run ends with a summary. A run killed before that keeps its last
 * checkpoint: its figures are then a lower bound, and the cumulative figures say they are not
 * exact.
 */
public final class RunHistory {
    static final String DIRECTORY = "runs";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * One run's ground truth.
     *
     * @param run       1 for the first run on the data directory, then 2, 3, ...
     * @param startedAt when its traffic started (ISO-8601 UTC)
     * @param updatedAt when this record was written (ISO-8601 UTC)
     * @param complete  true when the run ended with a summary (its ground truth is final); false while it
     *                  runs, and forever for a run that was killed (its truth as of updatedAt)
     * @param expected  what its simulator sent, in the summary's terms
     */
    public record Run(int run, String startedAt, String updatedAt, boolean complete, DemoSummary.Expected expected) {}

    private final Path directory;
    private final List<Run> earlier;
    private final int current;
    private final Instant startedAt = Instant.now();
    private boolean completed;

    private RunHistory(Path directory, List<Run> earlier) {
        this.directory = directory;
        this.earlier = List.copyOf(earlier);
        this.current = earlier.stream().mapToInt(Run::run).max().orElse(0) + 1;
    }

    /** Reads the runs recorded under {@code dataRoot}; the next {@link #record} is a new run's. */
    public static RunHistory open(Path dataRoot) {
        Path directory = dataRoot.resolve(DIRECTORY);
        try {
            Files.createDirectories(directory);
            List<Run> runs = new ArrayList<>();
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.getFileName().toString().matches("run-\\d+\\.json")).sorted().toList()) {
                    runs.add(JSON.readValue(file.toFile(), Run.class));
                }
            }
            return new RunHistory(directory, runs);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run history in " + directory, e);
        }
    }

    /** This run's number on the data directory. */
    public int currentRun() {
        return current;
    }

    /** Writes this run's ground truth so far ({@code complete} once it is final; a late checkpoint after that is ignored). */
    public synchronized void record(DemoSummary.Expected expected, boolean complete) {
        if (completed) {
            return;
        }
        completed = complete;
        Path file = directory.resolve(String.format("run-%04d.json", current));
        Path tmp = directory.resolve(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), new Run(current, startedAt.toString(), Instant.now().toString(), complete, expected));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Every run so far, this one with {@code expected}: how many, whether all earlier ones are final, and the sum. */
    public DemoSummary.Cumulative cumulative(DemoSummary.Expected current, java.util.Map<String, Long> storedAlertsByType) {
        DemoSummary.Expected sum = current;
        for (Run run : earlier) {
            sum = sum.plus(run.expected());
        }
        boolean exact = earlier.stream().allMatch(Run::complete);
        return new DemoSummary.Cumulative(earlier.size() + 1, exact, sum, storedAlertsByType);
    }
}
