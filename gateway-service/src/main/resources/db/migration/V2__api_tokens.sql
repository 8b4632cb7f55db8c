-- Personal API tokens (kiln_...). Only the SHA-256 of a token is kept; the token itself is shown once, at creation.
-- This table is the durable truth; Redis (kiln:api-token:<hash>) is the registry every service authenticates
-- against, filled from here at each gateway start and emptied of a token the moment it is revoked.
create table api_tokens (
    id            text primary key,
    user_id       text        not null,
    name          text        not null,
    token_hash    text        not null unique,
    hint          text        not null,
    roles         text        not null,
    created_at    timestamptz not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

create index api_tokens_of_user on api_tokens (user_id, created_at desc) where revoked_at is null;
