-- A push the receiver refused for good (HTTP 4xx but 401/408/429, or an OCPI 2xxx status) a bounded number
-- of times is failed: no longer tried, kept with its last error for the operator, who may queue it again.
ALTER TABLE ocpi_outbox ADD COLUMN failed_at DATETIME(3);
