-- Verified webhooks that arrived before their prediction.dispatched (issue 9): the provider's first webhook comes
-- ~12 ms after the create, before the dispatch is recorded here. Each is held, answered 200, and relayed when its
-- dispatch is recorded. Matched only by the provider prediction id in the signed body, never by the URL.
CREATE TABLE early_webhooks (
    provider               text        NOT NULL,
    webhook_id             text        NOT NULL,
    provider_prediction_id text        NOT NULL,
    body                   text        NOT NULL,
    received_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (provider, webhook_id)
);

CREATE INDEX early_webhooks_by_prediction ON early_webhooks (provider, provider_prediction_id, received_at);
CREATE INDEX early_webhooks_by_age ON early_webhooks (received_at);
