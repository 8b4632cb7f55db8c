-- The backstop (docs/credits-service.md#what-credits-guarantees): reservations still open past the global maximum
-- are refunded once. This table is both the audit of those refunds and their outbox: a row is written in the
-- refund's transaction and marked published once the broker acked credits.refunded, so a crash between the two
-- publishes it on a later run. The primary key gives each prediction one backstop refund whatever the code does.
create table backstop_refunds (
    prediction_id   text primary key,
    ledger_entry_id bigint      not null references ledger_entries (id),
    refunded_at     timestamptz not null default now(),
    published_at    timestamptz
);

create index backstop_refunds_unpublished on backstop_refunds (ledger_entry_id) where published_at is null;

-- The backstop looks for old reservations from the oldest on.
create index ledger_entries_reservations_by_time on ledger_entries (created_at) where kind = 'reserve';
