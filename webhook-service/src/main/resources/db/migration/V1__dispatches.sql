-- "Dispatched, not finished": each provider prediction that the gateway created for one of ours (prediction.dispatched),
-- kept until its terminal outcome was published. It is the provider id mapping that webhooks are routed by, and the
-- work list of the lost-webhook recovery. Durable, unlike Redis (no persistence, keys with a TTL, eviction).
CREATE TABLE dispatches (
    provider               text        NOT NULL,
    provider_prediction_id text        NOT NULL,
    prediction_id          text        NOT NULL,
    attempt                integer     NOT NULL CHECK (attempt >= 1),
    model                  text        NOT NULL,
    dispatched_at          timestamptz NOT NULL,
    recorded_at            timestamptz NOT NULL DEFAULT now(),
    -- When the recovery next asks the provider about it: the model's estimate plus a grace after the dispatch, then
    -- with backoff. Moved forward when a replica claims it, so that no other replica asks at the same time.
    check_after            timestamptz NOT NULL,
    recovery_attempts      integer     NOT NULL DEFAULT 0,
    -- Set once its terminal outcome was published (by a webhook or by the recovery); a later webhook publishes nothing.
    finished_at            timestamptz,
    PRIMARY KEY (provider, provider_prediction_id)
);

-- Our prediction's latest attempt (a stray's hint) and "is there a later attempt" (the recovery skips superseded ones).
CREATE INDEX dispatches_by_prediction ON dispatches (prediction_id, attempt DESC);

-- The recovery's work list stays small however many finished dispatches accumulate.
CREATE INDEX dispatches_due ON dispatches (check_after) WHERE finished_at IS NULL;
