-- A push for a party behind a hub goes to the hub with the routing headers OCPI-to-country-code and
-- OCPI-to-party-id naming that party (OCPI 2.2.1 section 4.1.4): the row keeps whom it is really for.
ALTER TABLE ocpi_outbox ADD COLUMN to_country_code VARCHAR(2);
ALTER TABLE ocpi_outbox ADD COLUMN to_party_id VARCHAR(3);
