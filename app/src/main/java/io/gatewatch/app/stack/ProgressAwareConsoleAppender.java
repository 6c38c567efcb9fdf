package io.gatewatch.app.stack;

import ch.qos.logback.core.ConsoleAppender;

/** logback.xml's console appender: writes each log line around the demo's in-place progress line ({@link ConsoleLine}). */
public final class ProgressAwareConsoleAppender<E> extends ConsoleAppender<E> {
    @Override
    protected void subAppend(E event) {
        ConsoleLine.aroundLogLine(() -> super.subAppend(event));
    }
}
