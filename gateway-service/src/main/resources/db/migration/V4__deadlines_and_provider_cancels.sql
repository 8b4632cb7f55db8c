-- Cancel-After (docs/gateway-service.md#deadlines): when the prediction ends if it has not finished, the caller's
-- deadline or created_at plus the global maximum; null for predictions accepted before deadlines existed (the
-- sweep then goes by created_at). The sweep (dev.kiln.gateway.deadlines.DeadlineSweep) reads the not-terminal
-- predictions by deadline and by age, through these two small partial indexes.
alter table predictions add column deadline timestamptz;
create index predictions_not_terminal_by_deadline on predictions (deadline)
    where status in ('starting', 'processing');
create index predictions_not_terminal_by_age on predictions (created_at)
    where status in ('starting', 'processing');

-- A provider cancel is durable: requested in the transaction that decides it, sent at once, and sent again with
-- backoff (dev.kiln.gateway.dispatch.ProviderCancels) until the provider answers it; cancel_next_at is both the
-- backoff and the lease that keeps two replicas from sending the same one at once.
alter table dispatches add column cancel_next_at timestamptz;
alter table dispatches add column cancel_attempts integer not null default 0;
alter table dispatches add column cancel_answered_at timestamptz;
create index dispatches_cancels_due on dispatches (cancel_next_at)
    where cancel_requested and cancel_answered_at is null;
