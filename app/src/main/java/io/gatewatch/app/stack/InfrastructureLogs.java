package io.gatewatch.app.stack;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Sends the logs of the infrastructure a local stack embeds (the Kafka broker and clients, the
 * schema registry, PostgreSQL, Flyway, the connection pool) to a file in the data directory, so
 * the console keeps the banner, the progress line and GateWatch's own warnings. Levels stay as
 * logback.xml sets them; only where the lines go changes. {@link #close()} puts them back on the
 * console. A no-op when logging is not Logback (e.g. a test harness with another binding).
 */
public final class InfrastructureLogs implements AutoCloseable {
    /** Logger name prefixes of the embedded infrastructure; io.gatewatch stays on the console. */
    static final List<String> LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger", "io.confluent",
            "io.zonky", "org.flywaydb", "com.zaxxer.hikari", "org.apache.avro", "org.eclipse.jetty");

    private final FileAppender<ILoggingEvent> appender;
    private final List<Logger> loggers;
    private final Path file;

    private InfrastructureLogs(FileAppender<ILoggingEvent> appender, List<Logger> loggers, Path file) {
        this.appender = appender;
        this.loggers = loggers;
        this.file = file;
    }

    /** Starts writing the infrastructure's log lines to {@code file} (appending) instead of the console. */
    public static InfrastructureLogs redirectTo(Path file) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return new InfrastructureLogs(null, List.of(), file);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("infrastructure-file");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        List<Logger> loggers = LOGGERS.stream().map(context::getLogger).toList();
        for (Logger logger : loggers) {
            logger.addAppender(appender);
            logger.setAdditive(false);
        }
        return new InfrastructureLogs(appender, loggers, file);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        for (Logger logger : loggers) {
            logger.detachAppender(appender);
            logger.setAdditive(true);
        }
        if (appender != null) {
            appender.stop();
        }
    }
}
