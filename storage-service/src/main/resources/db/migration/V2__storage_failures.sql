-- One row per prediction whose outputs could not be stored. A redelivered completion finds it and publishes the
-- same prediction.storage_failed again instead of downloading: the prediction was refunded, it must stay failed.
create table storage_failures (
    prediction_id text        primary key,
    reason        text        not null,
    failed_at     timestamptz not null default now()
);
