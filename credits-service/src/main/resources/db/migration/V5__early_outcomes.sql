-- An outcome (prediction.completed, prediction.storage_failed) that arrives before the reservation it settles: the
-- topics are read independently, so a request being retried lets a later outcome of the same prediction pass it.
-- It is kept here and applied, in arrival order (id), when the reservation is recorded. One row per outcome and
-- prediction, so a redelivered outcome adds nothing.
create table early_outcomes (
    id            bigserial primary key,
    prediction_id text        not null,
    outcome       text        not null,
    received_at   timestamptz not null default now(),
    unique (prediction_id, outcome)
);
