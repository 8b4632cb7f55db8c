-- One row per output copied into our bucket. The key is deterministic, so a redelivered completion finds its
-- objects already here and stores nothing twice.
create table stored_objects (
    prediction_id text        not null,
    output_index  integer     not null,
    object_key    text        not null unique,
    content_type  text        not null,
    size_bytes    bigint      not null,
    sha256        text        not null,
    source_url    text        not null,
    stored_at     timestamptz not null default now(),
    primary key (prediction_id, output_index)
);
