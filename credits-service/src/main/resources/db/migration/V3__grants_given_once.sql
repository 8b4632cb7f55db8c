-- A grant carries a key that it can be given under only once: 'welcome:<user>' for the welcome grant, and
-- 'admin:<admin>:<Idempotency-Key>' for an operator's grant. The unique index is what makes "once" hold whatever
-- the code does: two first requests of a user cannot both record a welcome grant, and an operator's retry
-- cannot grant twice.
alter table ledger_entries add column grant_key text;

update ledger_entries set grant_key = 'welcome:' || user_id where kind = 'grant' and reason = 'welcome';

create unique index ledger_entries_one_grant_per_key on ledger_entries (grant_key) where grant_key is not null;

alter table ledger_entries add constraint ledger_entries_grant_has_key
    check ((kind = 'grant') = (grant_key is not null));
