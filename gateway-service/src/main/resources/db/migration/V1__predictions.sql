-- The durable record of every prediction, written from the events (the gateway consumes its own topics), so
-- that the status outlives its Redis key and the submit path never waits on a database transaction.
create table predictions (
    id                     text primary key,
    owner                  text        not null,
    task                   text        not null,
    mode                   text        not null,
    input                  jsonb       not null,
    cost                   integer     not null,
    estimated_seconds      integer     not null,
    webhook                text,
    webhook_events_filter  jsonb,
    status                 text        not null,
    output                 jsonb,
    error_code             text,
    error_message          text,
    logs                   text,
    metrics                jsonb,
    created_at             timestamptz not null,
    started_at             timestamptz,
    completed_at           timestamptz,
    version                bigint      not null,
    updated_at             timestamptz not null default now()
);

create index predictions_by_owner on predictions (owner, created_at desc, id desc);

-- What was sent to the provider, recorded before the call and completed after it, so that a redelivered
-- reservation never creates a second provider prediction and a stray one can be recognised.
create table dispatches (
    prediction_id          text primary key,
    provider               text        not null,
    attempt                integer     not null,
    state                  text        not null check (state in ('creating', 'created', 'failed', 'canceled')),
    cancel_requested       boolean     not null default false,
    provider_prediction_id text unique,
    error_code             text,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now()
);
