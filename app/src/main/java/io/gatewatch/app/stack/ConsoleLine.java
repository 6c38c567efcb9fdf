package io.gatewatch.app.stack;

import java.io.PrintWriter;

/**
 * The one line redrawn in place on a terminal (the demo's progress line), shared with the console
 * log appender so the two never mix: a log line first clears the progress line, is written, and
 * the progress line is drawn again below it ({@link #aroundLogLine}). Without it a log line would
 * be glued to the end of the progress line ({@code lag n/a01:37:43.995 INFO ...}).
 */
public final class ConsoleLine {
    private static final Object LOCK = new Object();
    private static PrintWriter out;
    private static String shown = "";

    private ConsoleLine() {}

    /** Draws {@code line} in place of the line shown before (carriage return, padded over a longer one). */
    static void show(PrintWriter writer, String line) {
        synchronized (LOCK) {
            writer.print('\r' + line + " ".repeat(Math.max(0, shown.length() - line.length())));
            writer.flush();
            out = writer;
            shown = line;
        }
    }

    /** Ends the in-place line with a newline, so what follows starts on a line of its own. */
    static void finish() {
        synchronized (LOCK) {
            if (out != null && !shown.isEmpty()) {
                out.println();
                out.flush();
            }
            out = null;
            shown = "";
        }
    }

    /** Runs {@code writeLogLine} with the in-place line cleared first and redrawn after it. */
    public static void aroundLogLine(Runnable writeLogLine) {
        synchronized (LOCK) {
            boolean visible = out != null && !shown.isEmpty();
            if (visible) {
                out.print('\r' + " ".repeat(shown.length()) + '\r');
                out.flush();
            }
            writeLogLine.run();
            if (visible) {
                out.print(shown);
                out.flush();
            }
        }
    }
}
