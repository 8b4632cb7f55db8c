package dev.kiln.credits.backstop;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.kiln.credits.events.CreditsPublisher;
import dev.kiln.credits.ledger.CreditsConfig;
import dev.kiln.credits.ledger.Ledger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * The last line of defence for a user's credits: a reservation still open {@code kiln.credits.backstop.after} (35
 * min) after it was made, past the gateway's global maximum for any prediction, lost its outcome somewhere (a record
 * dead-lettered, a service's bug) and is refunded, once, as {@code refund} with reason {@code backstop}, and
 * published as credits.refunded. Every replica runs it; the ledger's locks make each refund happen once (see
 * {@link Ledger#refundOverdue}), and an outcome that arrives later changes nothing (a refund is final).
 */
@ApplicationScoped
public class Backstop {

    private static final Logger LOG = Logger.getLogger(Backstop.class);

    private final Ledger ledger;
    private final CreditsPublisher publisher;
    private final CreditsConfig.Backstop config;
    private final Counter refunds;
    private final Clock clock = Clock.systemUTC();

    Backstop(Ledger ledger, CreditsPublisher publisher, CreditsConfig config, MeterRegistry registry) {
        this.ledger = ledger;
        this.publisher = publisher;
        this.config = config.backstop();
        this.refunds = Counter.builder("kiln.credits.backstop.refunds")
                .description("Reservations refunded by the backstop: still open past kiln.credits.backstop.after")
                .register(registry);
    }

    @Scheduled(identity = "credits-backstop", every = "${kiln.credits.backstop.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            refundOverdue();
            publishRefunds();
        } catch (RuntimeException e) {
            // The database or the broker is away: the next run goes on where this one stopped.
            LOG.warnf("Backstop run stopped: %s", e.getMessage());
        }
    }

    /** Refunds the overdue reservations of one batch; returns how many this replica refunded. */
    public int refundOverdue() {
        Instant cutoff = clock.instant().minus(config.after());
        int refunded = 0;
        for (String predictionId : ledger.openReservationsBefore(cutoff, config.batch())) {
            if (ledger.refundOverdue(predictionId, cutoff).isPresent()) {
                refunds.increment();
                refunded++;
            }
        }
        return refunded;
    }

    /** Publishes the backstop refunds not published yet: this run's, and any a crash left unpublished. */
    public void publishRefunds() {
        for (int published = 0; published < config.batch() && ledger.publishBackstopRefund(publisher::publish);
                published++) {
            // one refund per transaction
        }
    }
}
