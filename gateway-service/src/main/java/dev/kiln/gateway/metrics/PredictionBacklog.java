package dev.kiln.gateway.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.kiln.gateway.tasks.TaskCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * {@code kiln_predictions_in_flight} and {@code kiln_predictions_stuck}, by task and mode: the predictions of the
 * durable record that are not terminal, and those of them older than their estimate times
 * {@code kiln.gateway.metrics.stuck-factor}. One query every {@code kiln.gateway.metrics.refresh}, over a partial
 * index of the non-terminal rows (V3), never one per scrape. Every replica reports the same numbers: aggregate them
 * with max, not sum.
 */
@ApplicationScoped
public class PredictionBacklog {

    static final String IN_FLIGHT = "kiln.predictions.in.flight";
    static final String STUCK = "kiln.predictions.stuck";
    private static final Logger LOG = Logger.getLogger(PredictionBacklog.class);
    private static final String COUNT = """
            select task, mode, count(*) as in_flight,
                   count(*) filter (where created_at < now() - make_interval(secs => estimated_seconds * ?)) as stuck
              from predictions
             where status in ('starting', 'processing')
             group by task, mode
            """;

    private record Series(String task, String mode) {
    }

    private final Map<Series, AtomicLong> inFlight = new ConcurrentHashMap<>();
    private final Map<Series, AtomicLong> stuck = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final DataSource database;
    private final MetricsConfig config;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kiln-prediction-backlog");
        thread.setDaemon(true);
        return thread;
    });

    PredictionBacklog(MeterRegistry registry, DataSource database, MetricsConfig config, TaskCatalog catalog) {
        this.registry = registry;
        this.database = database;
        this.config = config;
        catalog.tasks().forEach((task, definition) -> definition.modes().keySet()
                .forEach(mode -> series(new Series(task, mode))));
    }

    void start(@Observes StartupEvent started) {
        refresher.scheduleWithFixedDelay(this::refresh, 0, config.refresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }

    void refresh() {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(COUNT)) {
            query.setDouble(1, config.stuckFactor());
            Map<Series, long[]> counts = new HashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(new Series(rows.getString("task"), rows.getString("mode")),
                            new long[] {rows.getLong("in_flight"), rows.getLong("stuck")});
                }
            }
            counts.keySet().forEach(this::series);
            inFlight.forEach((series, value) -> value.set(counts.getOrDefault(series, new long[2])[0]));
            stuck.forEach((series, value) -> value.set(counts.getOrDefault(series, new long[2])[1]));
        } catch (SQLException | RuntimeException e) {
            // The gauges keep their last values; the next refresh tries again.
            LOG.warnf("Predictions in flight not counted: %s", e.getMessage());
        }
    }

    private void series(Series series) {
        inFlight.computeIfAbsent(series, key -> gauge(IN_FLIGHT,
                "Predictions accepted and not yet terminal, by task and mode", key));
        stuck.computeIfAbsent(series, key -> gauge(STUCK,
                "Predictions not terminal after their estimate times the stuck factor, by task and mode", key));
    }

    private AtomicLong gauge(String name, String description, Series series) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::get).description(description)
                .tags("task", series.task(), "mode", series.mode()).register(registry);
        return value;
    }
}
