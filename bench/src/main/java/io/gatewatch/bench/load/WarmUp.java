package io.gatewatch.bench.load;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The warm-up pass that makes every measured phase start from the same JIT state, so that a ratio
 * between two phases (the pipeline against the naive baseline) never depends on which ran first.
 * Before any measured phase the harness runs, unmeasured, each Streams phase it will measure, for
 * each guarantee it will measure, over the first {@code warmupScans} records of the backlog on a
 * broker of its own; the results are thrown away.
 *
 * <p>The plain-consumer ceiling is not in the pass: it already reads the backlog twice and reports
 * the second read. The end-to-end and paced phases run the screening and counts applications, so
 * they are warmed through the pipeline phase (the sink's own code is not warmed).
 */
final class WarmUp {
    /** Upper bound of the default warm-up size: enough for C2 to compile the per-record paths. */
    static final int MAX_DEFAULT_SCANS = 200_000;

    private WarmUp() {}

    /** The default warm-up size for a run of {@code scans}: a fifth of it, at most {@value #MAX_DEFAULT_SCANS}. */
    static int defaultScans(int scans) {
        return Math.min(scans / 5, MAX_DEFAULT_SCANS);
    }

    /** One unmeasured run of a phase under a guarantee. */
    record Step(String guarantee, Phase phase) {}

    /**
     * The phases the warm-up pass runs, in order, so that every Streams phase the run measures has
     * run once, under the same guarantee, before the first measured phase. Empty when there is no
     * warm-up.
     */
    static List<Step> plan(HarnessOptions options) {
        if (options.warmupScans() == 0) {
            return List.of();
        }
        Set<Phase> warmed = EnumSet.noneOf(Phase.class);
        for (Phase phase : options.phases()) {
            switch (phase) {
                case NAIVE, SCREENING, COUNTS, PIPELINE -> warmed.add(phase);
                case END_TO_END, PACED -> warmed.add(Phase.PIPELINE);
                case CONSUMER -> { } // reads twice and reports the second read
            }
        }
        if (warmed.contains(Phase.COUNTS)) {
            warmed.add(Phase.SCREENING); // counts alone reads what screening alone wrote
        }
        return options.guarantees().stream()
                .flatMap(guarantee -> warmed.stream().map(phase -> new Step(guarantee, phase)))
                .toList();
    }
}
