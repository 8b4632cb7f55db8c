package dev.kiln.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logging.MDC;

/**
 * The log lines a service under test writes while this is open, each with the MDC it was written under (read at
 * the moment it is logged, on the thread and in the Vert.x context that logged it), so that a test can check what a
 * line says and carries. Categories can be opened to DEBUG for the time of the capture.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** A log line: its logger, formatted message, thread and the MDC values Kiln sets. */
    public record Line(String logger, String message, String thread, String predictionId, String traceId) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final List<Logger> opened = new CopyOnWriteArrayList<>();
    private final List<Level> previous = new CopyOnWriteArrayList<>();

    private LogCapture() {
    }

    /** Captures every line from now on, and the given categories at DEBUG too. */
    public static LogCapture start(String... debugCategories) {
        LogCapture capture = new LogCapture();
        for (String category : debugCategories) {
            Logger logger = Logger.getLogger(category);
            capture.opened.add(logger);
            capture.previous.add(logger.getLevel());
            logger.setLevel(Level.FINE);
        }
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (record.getParameters() != null && record.getParameters().length > 0) {
            try {
                message = String.format(message, record.getParameters());
            } catch (RuntimeException ignored) {
                // Not a printf-style message; the raw text is still worth checking.
            }
        }
        Object predictionId = MDC.get("predictionId");
        Object traceId = MDC.get("traceId");
        lines.add(new Line(record.getLoggerName(), message, Thread.currentThread().getName(),
                predictionId == null ? null : predictionId.toString(), traceId == null ? null : traceId.toString()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        for (int i = 0; i < opened.size(); i++) {
            opened.get(i).setLevel(previous.get(i));
        }
    }
}
