-- The push worker asks, before every push, whether an older push to the same party and path is still
-- unsent (Outbox.waitsForOlder). With only the party's foreign-key index that scanned every row ever
-- pushed to the party, sent ones included: ~450 rows per transaction in the load benchmark, growing
-- with the outbox. This index finds the party's unsent rows for a path directly.
CREATE INDEX ix_ocpi_outbox_pending ON ocpi_outbox (party_pk, sent_at, path);

