package io.gatewatch.app.stack;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows the progress line of a running stack without spamming: on a terminal one line redrawn in
 * place (carriage return) every interval; otherwise (a pipe, a log file, CI) one plain line per
 * interval. It writes to stdout only; logs go to stderr, around the in-place line ({@link ConsoleLine}).
 */
public final class ProgressReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    private final PrintWriter out;
    private final boolean inPlace;
    private final Supplier<ProgressSnapshot> source;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    /** Scans per second over about the last 10 s: per-second figures jump with commits and poll batches. */
    private final SmoothedRate rate = new SmoothedRate(10);
    private ProgressSnapshot previous;
    private boolean drawn;

    private ProgressReporter(PrintWriter out, boolean inPlace, Supplier<ProgressSnapshot> source) {
        this.out = out;
        this.inPlace = inPlace;
        this.source = source;
        this.previous = source.get();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatewatch-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reporting every {@code interval}; {@code inPlace} redraws one line (for terminals). */
    public static ProgressReporter start(PrintWriter out, boolean inPlace, Duration interval, Supplier<ProgressSnapshot> source) {
        ProgressReporter reporter = new ProgressReporter(out, inPlace, source);
        reporter.timer.scheduleAtFixedRate(reporter::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return reporter;
    }

    /** The interval when none is configured: every second in place on a terminal, every 10 s as lines otherwise. */
    public static Duration defaultInterval(boolean terminal) {
        return terminal ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
    }

    /** True when stdin and stdout are a terminal (so a carriage return redraws the line). */
    public static boolean isTerminal() {
        return System.console() != null;
    }

    private synchronized void tick() {
        try {
            ProgressSnapshot current = source.get();
            double processedPerSecond = rate.add(current.processed() - previous.processed(),
                    (current.nanoTime() - previous.nanoTime()) / 1e9);
            String line = ProgressLine.format(TimeUnit.NANOSECONDS.toSeconds(current.nanoTime() - startNanos), processedPerSecond, current);
            previous = current;
            if (inPlace) {
                ConsoleLine.show(out, line);
                drawn = true;
            } else {
                out.println(line);
                out.flush();
            }
        } catch (RuntimeException e) {
            // a figure that cannot be read this time (e.g. lag while the broker stops) is skipped, not fatal
            LOG.debug("Progress not available: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (inPlace && drawn) {
            ConsoleLine.finish();
            drawn = false;
        }
    }
}
