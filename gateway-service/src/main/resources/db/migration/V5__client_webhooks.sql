-- Client webhooks (docs/gateway-service.md#client-webhooks; dev.kiln.gateway.clientwebhooks).

-- One signing secret per user (GET /v1/webhooks/default/secret, as Replicate's): created on first use, by that
-- endpoint or by the first delivery, whichever comes first. Only signed-in users have webhooks.
create table webhook_secrets (
    owner       text primary key,
    secret      text        not null,
    created_at  timestamptz not null default now()
);

-- A message: one event of one prediction for its webhook, written in the transaction that changes the prediction
-- (an outbox: no change without its message, no message without its change). n counts a prediction's messages from
-- 1; webhook_id stays the same across every attempt and redelivery (Standard Webhooks). body is the public
-- prediction object as it was at that change. A pending message is due at next_attempt_at, which is also the
-- lease of the replica sending it (set ahead while it sends), so that replicas share the work with
-- FOR UPDATE SKIP LOCKED and a message whose sender died is sent again. delivery_pool keeps apart the gateways that
-- share one database but not one Kafka (service tests beside a running stack); production has one pool.
create table webhook_messages (
    prediction_id    text        not null,
    n                integer     not null,
    owner            text        not null,
    url              text        not null,
    event            text        not null check (event in ('start', 'output', 'logs', 'completed')),
    webhook_id       text        not null unique,
    body             text        not null,
    state            text        not null check (state in ('pending', 'delivered', 'failed', 'disabled')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz,
    redelivery       boolean     not null default false,
    in_flight        boolean     not null default false,
    note             text,
    delivery_pool    text        not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (prediction_id, n)
);

create index webhook_messages_due on webhook_messages (delivery_pool, next_attempt_at) where state = 'pending';
create index webhook_messages_by_endpoint on webhook_messages (owner, url) where state = 'pending';

-- Every attempt of every message, for the delivery log (GET /v1/predictions/{id}/webhook-deliveries).
create table webhook_attempts (
    prediction_id  text        not null,
    n              integer     not null,
    attempt        integer     not null,
    attempted_at   timestamptz not null,
    status_code    integer,
    latency_ms     integer,
    error          text,
    primary key (prediction_id, n, attempt),
    foreign key (prediction_id, n) references webhook_messages (prediction_id, n)
);

-- Endpoints (owner and URL) that answered 410 Gone: nothing more is sent to them; a redelivery that is answered
-- 2xx enables the endpoint again.
create table webhook_disabled_endpoints (
    owner        text        not null,
    url          text        not null,
    disabled_at  timestamptz not null,
    reason       text        not null,
    primary key (owner, url)
);
