package io.gatewatch.bench.load;

import java.util.List;
import java.util.Map;

/**
 * A harness run's report: the machine and settings, then the figures of every phase. Serialised
 * as JSON as is, and rendered as Markdown by {@link MarkdownReport}.
 *
 * @param header   machine, JVM, git commit, load average, settings, backlog mix
 * @param produce  the backlog pre-loads (one per fresh broker)
 * @param phases   the backlog phases, in the order they ran
 * @param paced    the paced rates, in the order they ran
 * @param profile  the folded JFR profile, or null when not asked for
 */
public record LoadReport(Map<String, Object> header, List<ProduceResult> produce, List<PhaseResult> phases,
                         List<PacedResult> paced, Profile profile) {

    public LoadReport {
        header = Map.copyOf(header);
        produce = List.copyOf(produce);
        phases = List.copyOf(phases);
        paced = List.copyOf(paced);
    }

    /**
     * CPU shares from a JFR recording.
     *
     * @param run          which run was recorded
     * @param samples      execution samples in all threads
     * @param byThread     share (%) of all samples by thread group
     * @param byComponent  share (%) of the stream threads' samples by innermost component on the stack
     * @param blockedMs    stream threads' blocked time (JFR events >= 1 ms) by kind and innermost Kafka/GateWatch frame
     * @param selfTime     share (%) of the stream threads' samples by top-of-stack package
     */
    public record Profile(String run, long samples, Map<String, Double> byThread, Map<String, Double> byComponent,
                          Map<String, Double> blockedMs, Map<String, Double> selfTime) {}
}
