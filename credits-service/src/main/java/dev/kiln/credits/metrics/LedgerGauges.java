package dev.kiln.credits.metrics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
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

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The ledger as metrics (docs/metrics.md), read from PostgreSQL every {@code kiln.credits.metrics.refresh}, never
 * per scrape: {@code kiln_credits_reservations_open} (reserve entries with no confirm or refund yet),
 * {@code kiln_credits_reserved_credits} (the credits they hold) and {@code kiln_credits_ledger_entries_total} by
 * kind (its {@code confirm} and {@code refund} are the settlements). The ledger is shared: every replica reports the
 * same numbers, aggregate them with max, not sum.
 */
@ApplicationScoped
public class LedgerGauges {

    private static final Logger LOG = Logger.getLogger(LedgerGauges.class);
    private static final String OPEN_RESERVATIONS = """
            select count(*) from ledger_entries reservation
             where reservation.kind = 'reserve'
               and not exists (select 1 from ledger_entries settlement
                                where settlement.prediction_id = reservation.prediction_id
                                  and settlement.kind in ('confirm', 'refund'))
            """;
    private static final String RESERVED_CREDITS = "select coalesce(sum(reserved), 0) from accounts";
    private static final String ENTRIES_BY_KIND = "select kind, count(*) from ledger_entries group by kind";

    private final AtomicLong openReservations = new AtomicLong();
    private final AtomicLong reservedCredits = new AtomicLong();
    private final Map<String, AtomicLong> entries = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final DataSource database;
    private final Duration refresh;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kiln-ledger-gauges");
        thread.setDaemon(true);
        return thread;
    });

    LedgerGauges(MeterRegistry registry, DataSource database,
            @ConfigProperty(name = "kiln.credits.metrics.refresh", defaultValue = "15s") Duration refresh) {
        this.registry = registry;
        this.database = database;
        this.refresh = refresh;
        Gauge.builder("kiln.credits.reservations.open", openReservations, AtomicLong::get)
                .description("Reservations not yet confirmed or refunded").register(registry);
        Gauge.builder("kiln.credits.reserved", reservedCredits, AtomicLong::get).baseUnit("credits")
                .description("Credits held by open reservations, over all accounts").register(registry);
        List.of("grant", "reserve", "reject", "confirm", "refund").forEach(this::entriesOf);
    }

    void start(@Observes StartupEvent started) {
        refresher.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }

    void refresh() {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            openReservations.set(single(statement, OPEN_RESERVATIONS));
            reservedCredits.set(single(statement, RESERVED_CREDITS));
            try (ResultSet rows = statement.executeQuery(ENTRIES_BY_KIND)) {
                while (rows.next()) {
                    entriesOf(rows.getString(1)).set(rows.getLong(2));
                }
            }
        } catch (SQLException | RuntimeException e) {
            // The gauges keep their last values; the next refresh tries again.
            LOG.warnf("Ledger metrics not read: %s", e.getMessage());
        }
    }

    private static long single(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private AtomicLong entriesOf(String kind) {
        return entries.computeIfAbsent(kind, key -> {
            AtomicLong count = new AtomicLong();
            FunctionCounter.builder("kiln.credits.ledger.entries", count, AtomicLong::get)
                    .description("Ledger entries by kind; confirm and refund are the settlements")
                    .tags("kind", key).register(registry);
            return count;
        });
    }
}
