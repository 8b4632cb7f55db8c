-- One account per user. Both amounts are whole credits and can never go below zero: the check constraints are
-- the last line of defence behind the row lock that every movement takes.
create table accounts (
    user_id    text primary key,
    available  bigint      not null check (available >= 0),
    reserved   bigint      not null check (reserved >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- Every movement of credits. A prediction has at most one entry of each kind, so a redelivered event finds its
-- entry already there and changes nothing.
create table ledger_entries (
    id            bigserial primary key,
    user_id       text        not null references accounts (user_id),
    prediction_id text,
    kind          text        not null check (kind in ('grant', 'reserve', 'reject', 'confirm', 'refund')),
    amount        bigint      not null check (amount >= 0),
    reason        text,
    created_at    timestamptz not null default now()
);

create unique index ledger_entries_one_kind_per_prediction on ledger_entries (prediction_id, kind)
    where prediction_id is not null;
create index ledger_entries_by_user on ledger_entries (user_id, id desc);
