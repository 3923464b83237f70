-- The load balancer keeps one profile per charger, connector and purpose and finds it by the key in its
-- description (ChargingProfileRepository.upsertKeyed): that lookup runs on every profile it sends.
CREATE INDEX ix_charging_profile_description ON charging_profile (description);
