-- Each entry keeps the account's balances right after its movement. A redelivered event must re-publish exactly
-- the outcome that was recorded (the first publish may have been lost in a crash between commit and broker ack),
-- and that outcome carries the balances of its own moment, not today's.
alter table ledger_entries
    add column available_after bigint not null check (available_after >= 0),
    add column reserved_after  bigint not null check (reserved_after >= 0);
