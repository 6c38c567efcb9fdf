package io.gatewatch.bench.load;

import io.gatewatch.streams.common.StreamsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a harness run does, from the command line. Defaults give the full run (1M scans, paced at
 * 1k/5k/20k scans/s for 30 s each, both guarantees); {@code --quick} a smoke run of a few minutes.
 *
 * @param scans            scans to generate and pre-load
 * @param rates            paced rates, scans/s
 * @param pacedSeconds     measured seconds per paced rate
 * @param warmupSeconds    unmeasured seconds before each paced rate
 * @param guarantees       processing guarantees to run
 * @param phases           phases to run
 * @param threads          stream threads per Streams application instance (the naive baseline gets the same)
 * @param instances        Kafka Streams instances per application (same application id, in this JVM): the scale-out curve
 * @param partitions       partitions of the high-volume topics (scans, devices, screened), half for the others
 * @param commitIntervalMs commit interval of every application but counts (counts.commit.interval.ms), or null for Kafka's default for the guarantee
 * @param profile          record and fold a JFR profile of the exactly-once screening+counts run
 * @param output           directory for the reports
 * @param seed             simulator seed
 * @param settings         further topology/Streams settings ({@code --set key=value}), e.g. counts.punctuation.interval.ms
 * @param warmupScans      scans of the unmeasured warm-up pass run before any measured phase (0: none); see {@link WarmUp}
 * @param instanceJvms     run instances 2..I of every Streams application each in a child JVM ({@link InstanceJvm}), with
 *                         the schema registry served over HTTP on loopback, instead of all in the harness's JVM
 */
public record HarnessOptions(int scans, List<Integer> rates, int pacedSeconds, int warmupSeconds, List<String> guarantees,
                             Set<Phase> phases, int threads, int instances, int partitions, Long commitIntervalMs, boolean profile, boolean quick,
                             Path output, long seed, Map<String, String> settings, int warmupScans,
                             boolean instanceJvms) {

    /** Exactly-once's default, used for both guarantees so that their difference is the transactions, not the commit cadence. */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 100;

    public static final String USAGE = """
            Usage: bench/load [options]
              --scans N                scans to generate and pre-load (default 1000000; --quick 20000)
              --rates R1,R2            paced rates in scans/s (default 1000,5000,20000; --quick 1000)
              --paced-seconds S        measured seconds per paced rate (default 30; --quick 5)
              --warmup-seconds S       unmeasured seconds before each paced rate (default 10; --quick 3)
              --guarantees G1,G2       at_least_once, exactly_once_v2 (default both)
              --phases P1,P2           consumer,naive,screening,counts,pipeline,e2e,paced (default all)
              --threads T              stream threads per application instance (default 1)
              --instances I            Kafka Streams instances per application, same application id, in this JVM
                                       (default 1): with --threads, the scale-out curve
              --instance-jvms          run instances 2..I of each application in child JVMs (same java, class path,
                                       heap and settings; registry over HTTP on loopback): I JVMs per application
              --warmup-scans N         scans of an unmeasured warm-up pass of every measured Streams phase and guarantee,
                                       on its own broker, before the first measured phase, so no ratio depends on
                                       phase order (default scans/5, at most 200000; 0 = no warm-up)
              --partitions P           partitions of scans/devices/screened (default 6, others half)
              --commit-interval-ms MS  commit interval of every application but counts, both guarantees (default 100,
                                       exactly-once's default; "done" is seen in committed offsets, so at-least-once's 30 s
                                       default would make its finish time a multiple of 30 s; 0 = Kafka's default per
                                       guarantee); counts commits every counts.commit.interval.ms (--set, default 1000)
              --set key=value          a topology or Streams setting (repeatable), e.g. counts.punctuation.interval.ms=1000
              --profile                JFR profile of the exactly-once screening+counts run, folded into components
              --quick                  smoke run: small N, short paced runs (about 3 minutes)
              --seed S                 simulator seed (default 42)
              --output DIR             report directory (default bench/results)
            """;

    public HarnessOptions {
        if (scans < 1) {
            throw new IllegalArgumentException("--scans must be at least 1");
        }
        if (threads < 1 || instances < 1 || partitions < 1 || pacedSeconds < 1 || warmupSeconds < 0) {
            throw new IllegalArgumentException("--threads, --instances, --partitions and --paced-seconds must be at least 1");
        }
        if (instanceJvms && instances < 2) {
            throw new IllegalArgumentException("--instance-jvms needs --instances of at least 2");
        }
        if (warmupScans < 0) {
            throw new IllegalArgumentException("--warmup-scans must not be negative");
        }
        if (rates.stream().anyMatch(r -> r < 1)) {
            throw new IllegalArgumentException("--rates must be positive");
        }
        for (String guarantee : guarantees) {
            if (!guarantee.equals(StreamsSettings.AT_LEAST_ONCE) && !guarantee.equals(StreamsSettings.EXACTLY_ONCE_V2)) {
                throw new IllegalArgumentException("Unknown guarantee '" + guarantee + "'; at_least_once or exactly_once_v2");
            }
        }
        rates = List.copyOf(rates);
        guarantees = List.copyOf(guarantees);
        phases = phases.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(phases));
        settings = Map.copyOf(settings);
    }

    public static HarnessOptions parse(String... args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int scans = quick ? 20_000 : 1_000_000;
        List<Integer> rates = quick ? List.of(1_000) : List.of(1_000, 5_000, 20_000);
        int pacedSeconds = quick ? 5 : 30;
        int warmupSeconds = quick ? 3 : 10;
        List<String> guarantees = List.of(StreamsSettings.AT_LEAST_ONCE, StreamsSettings.EXACTLY_ONCE_V2);
        Set<Phase> phases = EnumSet.allOf(Phase.class);
        int threads = 1;
        int instances = 1;
        Integer warmupScans = null;
        int partitions = 6;
        Long commitIntervalMs = DEFAULT_COMMIT_INTERVAL_MS;
        boolean profile = false;
        boolean instanceJvms = false;
        Path output = Path.of("bench", "results");
        long seed = 42L;
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> { }
                case "--profile" -> profile = true;
                case "--instance-jvms" -> instanceJvms = true;
                case "--scans" -> scans = Integer.parseInt(value(args, ++i, arg).replace("_", ""));
                case "--rates" -> rates = split(value(args, ++i, arg)).stream().map(s -> Integer.parseInt(s.replace("_", ""))).toList();
                case "--paced-seconds" -> pacedSeconds = Integer.parseInt(value(args, ++i, arg));
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(value(args, ++i, arg));
                case "--guarantees" -> guarantees = split(value(args, ++i, arg));
                case "--phases" -> {
                    Set<Phase> chosen = EnumSet.noneOf(Phase.class);
                    split(value(args, ++i, arg)).forEach(p -> chosen.add(Phase.fromOption(p)));
                    phases = chosen;
                }
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, arg));
                case "--instances" -> instances = Integer.parseInt(value(args, ++i, arg));
                case "--warmup-scans" -> warmupScans = Integer.parseInt(value(args, ++i, arg).replace("_", ""));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, arg));
                case "--commit-interval-ms" -> {
                    long ms = Long.parseLong(value(args, ++i, arg));
                    commitIntervalMs = ms == 0 ? null : ms;
                }
                case "--output" -> output = Path.of(value(args, ++i, arg));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--set" -> {
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--set takes key=value, not '" + pair + "'");
                    }
                    settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
                default -> throw new IllegalArgumentException("Unknown option '" + arg + "'\n" + USAGE);
            }
        }
        return new HarnessOptions(scans, rates, pacedSeconds, warmupSeconds, guarantees, phases, threads, instances, partitions,
                commitIntervalMs, profile, quick, output, seed, settings, warmupScans != null ? warmupScans : WarmUp.defaultScans(scans),
                instanceJvms);
    }

    public boolean runs(Phase phase) {
        return phases.contains(phase);
    }

    /** Everything that decides the figures, for the report's header. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scans", scans);
        out.put("guarantees", guarantees);
        out.put("phases", phases.stream().sorted().map(Phase::option).toList());
        out.put("streamThreads", threads);
        out.put("instances", instances);
        out.put("instanceJvms", instanceJvms);
        out.put("warmupScans", warmupScans);
        out.put("partitions", partitions);
        out.put("commitIntervalMs", commitIntervalMs == null ? "Kafka default (100 exactly-once, 30000 at-least-once)" : commitIntervalMs);
        out.put("pacedRates", rates);
        out.put("pacedSeconds", pacedSeconds);
        out.put("warmupSeconds", warmupSeconds);
        out.put("profile", profile);
        out.put("quick", quick);
        out.put("seed", seed);
        out.put("settings", new LinkedHashMap<>(settings));
        return out;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }
}
