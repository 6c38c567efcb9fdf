package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private final AtomicLong processed = new AtomicLong();

    private ProgressSnapshot snapshot() {
        return new ProgressSnapshot(System.nanoTime(), processed.get(), processed.addAndGet(10), 0, 0, OptionalLong.of(0));
    }

    @Test
    void shouldRedrawOneLineInPlaceOnATerminal() {
        StringWriter text = new StringWriter();
        ProgressReporter reporter = ProgressReporter.start(new PrintWriter(text), true, Duration.ofMillis(20), this::snapshot);
        await().atMost(Duration.ofSeconds(5)).until(() -> text.toString().chars().filter(c -> c == '\r').count() >= 3);

        reporter.close();

        String out = text.toString();
        assertThat(out).startsWith("\r[00:00:00]").endsWith(System.lineSeparator());
        assertThat(out.chars().filter(c -> c == '\n').count()).as("newlines").isEqualTo(1);
    }

    @Test
    void shouldWritePlainLinesWhenNotATerminal() {
        StringWriter text = new StringWriter();
        ProgressReporter reporter = ProgressReporter.start(new PrintWriter(text), false, Duration.ofMillis(20), this::snapshot);
        await().atMost(Duration.ofSeconds(5)).until(() -> text.toString().lines().count() >= 3);

        reporter.close();

        assertThat(text.toString()).doesNotContain("\r");
        assertThat(text.toString().lines()).allSatisfy(line -> assertThat(line).contains("scans/s").contains("lag 0"));
    }

    @Test
    void shouldSkipATickWhoseFiguresCannotBeRead() {
        StringWriter text = new StringWriter();
        AtomicLong calls = new AtomicLong();
        ProgressReporter reporter = ProgressReporter.start(new PrintWriter(text), false, Duration.ofMillis(20), () -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("broker stopping");
            }
            return snapshot();
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> text.toString().lines().count() >= 2);

        reporter.close();

        assertThat(calls.get()).isGreaterThanOrEqualTo(3);
    }
}
