-- OCPI 2.2.1 Charging Profiles (section 14, the CPO as Receiver): an eMSP's limit for one of its
-- sessions, as received, and how it was applied: as a cap the depot balancer honours (capped), or as a
-- TxProfile sent to the charger (csms_profile_id, the CSMS's stored profile). cleared_at once deleted.
CREATE TABLE ocpi_charging_profile (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    party_pk         BIGINT       NOT NULL,
    session_id       VARCHAR(36)  NOT NULL,
    transaction_id   BIGINT       NOT NULL,
    body             TEXT         NOT NULL,
    cap_w            DOUBLE,
    capped           BOOLEAN      NOT NULL,
    csms_profile_id  BIGINT,
    result           VARCHAR(24),
    created_at       DATETIME(3)  NOT NULL,
    cleared_at       DATETIME(3)
);
CREATE INDEX ix_ocpi_charging_profile_session ON ocpi_charging_profile (session_id);

-- OCPI 2.2.1 Hub Client Info (section 17): the connection status of other parties as a hub reports
-- it (ClientInfo pushed to us, the CPO as Receiver).
CREATE TABLE ocpi_client_info (
    country_code     VARCHAR(2)   NOT NULL,
    party_code       VARCHAR(3)   NOT NULL,
    party_role       VARCHAR(8)   NOT NULL,
    connection_status VARCHAR(16) NOT NULL,
    reported_by      BIGINT       NOT NULL,
    last_updated     DATETIME(3)  NOT NULL,
    PRIMARY KEY (country_code, party_code, party_role)
);
