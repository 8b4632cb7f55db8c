-- The predictions not yet terminal, which the in-flight and stuck gauges count every few seconds
-- (dev.kiln.gateway.metrics.PredictionBacklog): a small index, as most rows are terminal.
create index predictions_not_terminal on predictions (task, mode, created_at)
    where status in ('starting', 'processing');
