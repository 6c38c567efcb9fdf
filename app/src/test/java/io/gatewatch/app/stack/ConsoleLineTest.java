package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsoleLineTest {
    /** stdout and stderr of a terminal: both end up on one screen. */
    private final StringWriter screen = new StringWriter();
    private final PrintWriter terminal = new PrintWriter(screen);

    @AfterEach
    void finish() {
        ConsoleLine.finish();
    }

    @Test
    void aLogLineClearsTheProgressLineAndTheProgressLineComesBackBelowIt() {
        ConsoleLine.show(terminal, "[00:00:05] 100 scans/s | lag n/a");

        ConsoleLine.aroundLogLine(() -> terminal.print("01:37:43.995 WARN  LocalStack - slow\n"));

        assertThat(screen.toString()).isEqualTo("\r[00:00:05] 100 scans/s | lag n/a"
                + "\r" + " ".repeat(32) + "\r"
                + "01:37:43.995 WARN  LocalStack - slow\n"
                + "[00:00:05] 100 scans/s | lag n/a");
    }

    @Test
    void withoutAProgressLineALogLineIsWrittenAsItIs() {
        ConsoleLine.aroundLogLine(() -> terminal.print("WARN something\n"));
        terminal.flush();

        assertThat(screen.toString()).isEqualTo("WARN something\n");
    }

    @Test
    void aShorterLineIsPaddedOverTheLongerOneBeforeIt() {
        ConsoleLine.show(terminal, "[00:00:01] 1,000 scans/s");
        ConsoleLine.show(terminal, "[00:00:02] 99 scans/s");

        assertThat(screen.toString()).endsWith("\r[00:00:02] 99 scans/s   ");
    }
}
