package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RestoreLogTest {
    private static final TopicPartition JOURNAL = new TopicPartition("gatewatch-screening-screening-dedupe-journal-changelog", 1);

    private final AtomicLong nanos = new AtomicLong();
    private final RestoreLog log = new RestoreLog("screening", nanos::get);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void captureTheLog() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        lines.setContext(context);
        lines.start();
        logger = context.getLogger(RestoreLog.class);
        logger.addAppender(lines);
    }

    @AfterEach
    void releaseTheLog() {
        logger.detachAppender(lines);
    }

    @Test
    void shouldSayWhichStoreIsRestoredAndHowLongItTook() {
        log.onRestoreStart(JOURNAL, "screening-dedupe-journal", 0, 1_200);
        nanos.addAndGet(2_500_000_000L);
        log.onRestoreEnd(JOURNAL, "screening-dedupe-journal", 1_200);

        assertThat(messages()).containsExactly(
                "Streams app screening: restoring store screening-dedupe-journal (partition 1) from its changelog, offsets 0 to 1200",
                "Streams app screening: restored store screening-dedupe-journal (partition 1), 1200 records in 2500 ms");
    }

    @Test
    void shouldSayNothingOfAPartitionWithNothingToRestore() {
        log.onRestoreStart(JOURNAL, "screening-dedupe-journal", 1_200, 1_200);
        log.onRestoreEnd(JOURNAL, "screening-dedupe-journal", 0);

        assertThat(messages()).isEmpty();
    }

    @Test
    void shouldSayWhenARestoreStopsBecauseTheTaskMoved() {
        log.onRestoreStart(JOURNAL, "screening-dedupe-journal", 0, 1_200);
        log.onRestoreSuspended(JOURNAL, "screening-dedupe-journal", 300);

        assertThat(messages()).last().asString().contains("suspended after 300 records");
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
