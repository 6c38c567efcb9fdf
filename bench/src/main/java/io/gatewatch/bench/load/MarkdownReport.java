package io.gatewatch.bench.load;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders a {@link LoadReport} as Markdown: header, backlog table, paced table, profile. Pure. */
public final class MarkdownReport {
    /** The details key of {@link ResourceMeter#cpuSecondsByThreadGroup}, in seconds per group. */
    static final String CPU_BY_THREAD_GROUP = "cpuSecondsByThreadGroup";

    private MarkdownReport() {}

    public static String render(LoadReport report) {
        StringBuilder md = new StringBuilder("# GateWatch load harness report\n\n");
        report.header().forEach((key, value) -> md.append("- **").append(key).append("**: ").append(value).append('\n'));

        String summary = summary(report);
        if (!summary.isEmpty()) {
            md.append("\n## Summary\n\n").append(summary);
        }

        md.append("\n## Backlog pre-load (producer)\n\n| broker | records | MB | seconds | records/s |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (ProduceResult p : report.produce()) {
            md.append(row(p.broker(), count(p.records()), fixed(p.bytes() / 1e6, 1), fixed(p.seconds(), 2), count(p.recordsPerSecond())));
        }

        md.append("\n## Backlog phases (max sustainable throughput)\n\n")
                .append("Wall-clock from RUNNING until the committed offsets reached the end of every input; CPU per input record. ")
                .append("The broker runs in the same JVM: process CPU includes it.")
                .append(report.phases().stream().anyMatch(p -> p.details().containsKey("instanceJvmCpuSeconds"))
                        ? " Instances 2..I ran in child JVMs (--instance-jvms): process and stream-thread CPU include theirs "
                                + "(instanceJvmCpuSeconds, <application>RanIn); heap figures are the harness JVM's."
                        : "")
                .append("\n\n")
                .append("| phase | guarantee | records | seconds | records/s | stream-thread CPU µs/rec | RocksDB background CPU µs/rec "
                        + "| process CPU µs/rec | heap peak MB | heap after GC MB | state MB per 1M | load avg |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (PhaseResult r : report.phases()) {
            md.append(row(r.name(), r.guarantee(), count(r.records()), fixed(r.seconds(), 2), count(r.recordsPerSecond()),
                    fixed(r.streamThreadCpuMicrosPerRecord(), 1), rocksDbMicrosPerRecord(r), fixed(r.processCpuMicrosPerRecord(), 1),
                    fixed(r.heapPeakBytes() / 1048576.0, 0), fixed(r.heapAfterGcBytes() / 1048576.0, 0),
                    fixed(r.stateBytesPerMillion() / 1048576.0, 1), fixed(r.loadAverage(), 1)));
        }
        cpuByThreadGroup(md, report);
        boolean anyDetails = report.phases().stream().anyMatch(r -> !r.details().isEmpty() || r.processed() >= 0);
        if (anyDetails) {
            md.append("\nDetails per phase:\n\n");
            for (PhaseResult r : report.phases()) {
                md.append("- ").append(r.name()).append(" (").append(r.guarantee()).append("): start-up ")
                        .append(fixed(r.startupSeconds(), 1)).append(" s");
                if (r.processed() >= 0) {
                    md.append(", counted by the application ").append(count(r.processed()));
                }
                r.details().forEach((k, v) -> {
                    if (!k.equals(CPU_BY_THREAD_GROUP)) { // a table of its own
                        md.append(", ").append(k).append(' ').append(v);
                    }
                });
                md.append('\n');
            }
        }

        if (!report.paced().isEmpty()) {
            md.append("\n## Paced load (scan-to-alert latency, read_committed alert consumer)\n\n")
                    .append("| guarantee | target scans/s | achieved | alerts | p50 ms | p95 ms | p99 ms | max ms | detection p50/p99 ms "
                            + "| lag at end | kept up | process CPU µs/scan | load avg |\n")
                    .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n");
            for (PacedResult p : report.paced()) {
                md.append(row(p.guarantee(), count(p.targetRate()), count(p.achievedRate()), count(p.latency().count()),
                        fixed(p.latency().p50Ms(), 0), fixed(p.latency().p95Ms(), 0), fixed(p.latency().p99Ms(), 0),
                        fixed(p.latency().maxMs(), 0), fixed(p.detection().p50Ms(), 0) + " / " + fixed(p.detection().p99Ms(), 0),
                        count(p.lagAtEnd()), p.keptUp() ? "yes" : "**no**",
                        fixed(p.processCpuMicrosPerScan(), 1), fixed(p.loadAverage(), 1)));
            }
        }

        LoadReport.Profile profile = report.profile();
        if (profile != null) {
            md.append("\n## Profile: ").append(profile.run()).append(" (JFR, ").append(profile.samples()).append(" samples)\n\n");
            shares(md, "CPU samples by thread group", profile.byThread(), "%");
            shares(md, "Stream threads by innermost component on the stack", profile.byComponent(), "%");
            shares(md, "Stream threads blocked (events >= 1 ms) by kind and frame", profile.blockedMs(), "ms");
            shares(md, "Stream threads, self time by top-of-stack package", profile.selfTime(), "%");
        }
        return md.toString();
    }

    /**
     * Where each phase's CPU went, per input record and thread group ({@link ResourceMeter#cpuSecondsByThreadGroup}):
     * the JIT compilers, the garbage collector and the broker's threads beside the stream threads.
     */
    private static void cpuByThreadGroup(StringBuilder md, LoadReport report) {
        List<PhaseResult> measured = report.phases().stream()
                .filter(r -> r.details().get(CPU_BY_THREAD_GROUP) instanceof Map<?, ?> && r.records() > 0).toList();
        if (measured.isEmpty()) {
            return;
        }
        Set<String> groups = new LinkedHashSet<>();
        measured.forEach(r -> ((Map<?, ?>) r.details().get(CPU_BY_THREAD_GROUP)).keySet().forEach(g -> groups.add(g.toString())));
        md.append("\nCPU by thread group, µs per input record (this JVM; JIT compilers, garbage collector and RocksDB from /proc):\n\n")
                .append("| group |");
        measured.forEach(r -> md.append(' ').append(r.phase()).append(' ').append(r.guarantee()).append(" |"));
        md.append("\n| --- |").append(" ---: |".repeat(measured.size())).append('\n');
        for (String group : groups) {
            md.append("| ").append(group).append(" |");
            for (PhaseResult r : measured) {
                Object seconds = ((Map<?, ?>) r.details().get(CPU_BY_THREAD_GROUP)).get(group);
                md.append(' ').append(seconds instanceof Number n ? fixed(n.doubleValue() * 1e6 / r.records(), 1) : "").append(" |");
            }
            md.append('\n');
        }
    }

    /** RocksDB's native flush and compaction threads, per input record ("n/a" where not measured). */
    static String rocksDbMicrosPerRecord(PhaseResult r) {
        return r.details().get("rocksDbBackgroundCpuSeconds") instanceof Number seconds && r.records() > 0
                ? fixed(seconds.doubleValue() * 1e6 / r.records(), 1) : "n/a";
    }

    /** The comparisons: screening+counts against the ceiling and the naive baseline, per guarantee. */
    static String summary(LoadReport report) {
        StringBuilder out = new StringBuilder();
        PhaseResult ceiling = find(report, Phase.CONSUMER.option(), null);
        for (PhaseResult pipeline : report.phases()) {
            if (!pipeline.phase().equals(Phase.PIPELINE.option())) {
                continue;
            }
            out.append("- screening + counts, ").append(pipeline.guarantee()).append(": ").append(count(pipeline.recordsPerSecond()))
                    .append(" scans/s");
            if (ceiling != null && ceiling.recordsPerSecond() > 0) {
                out.append(", ").append(fixed(100 * pipeline.recordsPerSecond() / ceiling.recordsPerSecond(), 1))
                        .append(" % of the plain-consumer ceiling");
            }
            PhaseResult naive = find(report, Phase.NAIVE.option(), pipeline.guarantee());
            if (naive != null && naive.recordsPerSecond() > 0) {
                out.append(", ").append(fixed(pipeline.recordsPerSecond() / naive.recordsPerSecond(), 2))
                        .append("× the naive baseline (").append(count(naive.recordsPerSecond())).append(" scans/s)");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static PhaseResult find(LoadReport report, String phase, String guarantee) {
        return report.phases().stream().filter(p -> p.phase().equals(phase) && (guarantee == null || p.guarantee().equals(guarantee)))
                .findFirst().orElse(null);
    }

    private static void shares(StringBuilder md, String title, Map<String, Double> values, String unit) {
        md.append("**").append(title).append("**\n\n| what | ").append(unit).append(" |\n| --- | ---: |\n");
        values.forEach((k, v) -> md.append(row(k, fixed(v, unit.equals("%") ? 1 : 0))));
        md.append('\n');
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
