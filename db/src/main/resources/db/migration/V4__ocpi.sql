-- OCPI 2.2.1 bridge, CPO role (ocpi-bridge).
--
-- Credentials tokens (OCPI 2.2.1 section 7). A token another platform presents to us (A that we issued
-- for registration, C that we issued at registration, B that we generated when we registered with
-- them) is only ever compared, so only its SHA-256 is kept (they are 256-bit random values: a fast hash
-- is enough, no salt or stretching needed). A token WE present to them (their B or C) has to be sent
-- in clear in every Authorization header, so it must be stored retrievably: a one-way hash could not be
-- sent. Protect the database accordingly (it also holds the chargers' data).

CREATE TABLE ocpi_party (
    id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
    name                 VARCHAR(100) NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    incoming_token_hash  VARCHAR(64),
    incoming_token_kind  VARCHAR(1),
    outgoing_token       VARCHAR(64),
    token_base64         BOOLEAN      NOT NULL,
    versions_url         VARCHAR(255),
    version              VARCHAR(10),
    endpoints            TEXT,
    created_at           DATETIME(3)  NOT NULL,
    updated_at           DATETIME(3)  NOT NULL,
    CONSTRAINT ux_ocpi_party_token UNIQUE (incoming_token_hash)
);

CREATE TABLE ocpi_party_role (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    party_pk          BIGINT       NOT NULL,
    role              VARCHAR(8)   NOT NULL,
    country_code      VARCHAR(2)   NOT NULL,
    party_code        VARCHAR(3)   NOT NULL,
    business_name     VARCHAR(100),
    CONSTRAINT fk_ocpi_party_role_party FOREIGN KEY (party_pk) REFERENCES ocpi_party (id) ON DELETE CASCADE
);
CREATE INDEX ix_ocpi_party_role_party ON ocpi_party_role (party_pk);
CREATE INDEX ix_ocpi_party_role_code ON ocpi_party_role (country_code, party_code);

-- Location details the CSMS does not know (address, coordinates). A location groups chargers; which
-- charger belongs to which location is in ocpi_location_charger (default: one location per charger).
CREATE TABLE ocpi_location (
    location_id   VARCHAR(36)  NOT NULL PRIMARY KEY,
    name          VARCHAR(255),
    address       VARCHAR(45)  NOT NULL,
    city          VARCHAR(45)  NOT NULL,
    postal_code   VARCHAR(10),
    country       VARCHAR(3)   NOT NULL,
    latitude      VARCHAR(10)  NOT NULL,
    longitude     VARCHAR(11)  NOT NULL,
    time_zone     VARCHAR(255) NOT NULL,
    publish       BOOLEAN      NOT NULL,
    last_updated  DATETIME(3)  NOT NULL
);

CREATE TABLE ocpi_location_charger (
    charge_point_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    location_id      VARCHAR(36) NOT NULL
);
CREATE INDEX ix_ocpi_location_charger_loc ON ocpi_location_charger (location_id);

-- Per-connector OCPI attributes (section 8.3.3), editable by the operator; defaults otherwise.
CREATE TABLE ocpi_connector (
    charge_point_id     VARCHAR(64)  NOT NULL,
    connector_id        INT          NOT NULL,
    standard            VARCHAR(32)  NOT NULL,
    connector_format    VARCHAR(8)   NOT NULL,
    power_type          VARCHAR(16)  NOT NULL,
    max_voltage         INT          NOT NULL,
    max_amperage        INT          NOT NULL,
    max_electric_power  INT,
    tariff_id           VARCHAR(36),
    last_updated        DATETIME(3)  NOT NULL,
    CONSTRAINT pk_ocpi_connector PRIMARY KEY (charge_point_id, connector_id)
);

-- Last time an EVSE's OCPI status changed (for last_updated and pushes).
CREATE TABLE ocpi_evse_state (
    charge_point_id  VARCHAR(64) NOT NULL,
    connector_id     INT         NOT NULL,
    status           VARCHAR(16) NOT NULL,
    last_updated     DATETIME(3) NOT NULL,
    CONSTRAINT pk_ocpi_evse_state PRIMARY KEY (charge_point_id, connector_id)
);

-- Tariffs as the operator defined them, in OCPI form (section 11.3.1); body is the Tariff JSON.
CREATE TABLE ocpi_tariff (
    tariff_id     VARCHAR(36)  NOT NULL PRIMARY KEY,
    currency      VARCHAR(3)   NOT NULL,
    body          TEXT         NOT NULL,
    last_updated  DATETIME(3)  NOT NULL
);

-- Tokens the eMSPs pushed to us (section 12, Receiver); body is the Token JSON as last received.
CREATE TABLE ocpi_token (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    country_code  VARCHAR(2)   NOT NULL,
    party_code    VARCHAR(3)   NOT NULL,
    uid           VARCHAR(36)  NOT NULL,
    token_type    VARCHAR(16)  NOT NULL,
    contract_id   VARCHAR(36)  NOT NULL,
    valid         BOOLEAN      NOT NULL,
    whitelist     VARCHAR(16)  NOT NULL,
    body          TEXT         NOT NULL,
    last_updated  DATETIME(3)  NOT NULL,
    CONSTRAINT ux_ocpi_token UNIQUE (country_code, party_code, uid, token_type)
);
CREATE INDEX ix_ocpi_token_uid ON ocpi_token (uid);

-- Sessions as issued (section 9), one per CSMS transaction; body is the Session JSON.
CREATE TABLE ocpi_session (
    session_id      VARCHAR(36)  NOT NULL PRIMARY KEY,
    transaction_id  BIGINT       NOT NULL,
    country_code    VARCHAR(2),
    party_code      VARCHAR(3),
    body            TEXT         NOT NULL,
    last_updated    DATETIME(3)  NOT NULL,
    CONSTRAINT ux_ocpi_session_tx UNIQUE (transaction_id)
);
CREATE INDEX ix_ocpi_session_updated ON ocpi_session (last_updated);

-- CDRs as issued (section 10): immutable once written; one per transaction, whatever replays come.
CREATE TABLE ocpi_cdr (
    cdr_id          VARCHAR(39)  NOT NULL PRIMARY KEY,
    transaction_id  BIGINT       NOT NULL,
    country_code    VARCHAR(2),
    party_code      VARCHAR(3),
    body            TEXT         NOT NULL,
    last_updated    DATETIME(3)  NOT NULL,
    CONSTRAINT ux_ocpi_cdr_tx UNIQUE (transaction_id)
);
CREATE INDEX ix_ocpi_cdr_updated ON ocpi_cdr (last_updated);

-- Commands received (section 13) awaiting the charger's answer, and what links them to later events.
CREATE TABLE ocpi_command (
    id                       BIGINT AUTO_INCREMENT PRIMARY KEY,
    party_pk                 BIGINT       NOT NULL,
    command                  VARCHAR(20)  NOT NULL,
    response_url             VARCHAR(255) NOT NULL,
    charge_point_id          VARCHAR(64),
    connector_id             INT,
    token_uid                VARCHAR(36),
    authorization_reference  VARCHAR(36),
    reservation_ref          VARCHAR(36),
    csms_reservation_id      BIGINT,
    result                   VARCHAR(24),
    created_at               DATETIME(3)  NOT NULL
);
CREATE INDEX ix_ocpi_command_cp ON ocpi_command (charge_point_id, connector_id);

-- Pushes to other platforms (section 4.1.3), written in the same database transaction as the change
-- they announce and sent by a worker with retries and back-off, in order per party.
CREATE TABLE ocpi_outbox (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    party_pk         BIGINT        NOT NULL,
    module           VARCHAR(20)   NOT NULL,
    http_method      VARCHAR(6)    NOT NULL,
    path             VARCHAR(255)  NOT NULL,
    body             TEXT          NOT NULL,
    attempts         INT           NOT NULL,
    next_attempt_at  DATETIME(3)   NOT NULL,
    last_error       VARCHAR(255),
    sent_at          DATETIME(3),
    created_at       DATETIME(3)   NOT NULL,
    CONSTRAINT fk_ocpi_outbox_party FOREIGN KEY (party_pk) REFERENCES ocpi_party (id) ON DELETE CASCADE
);
CREATE INDEX ix_ocpi_outbox_due ON ocpi_outbox (sent_at, next_attempt_at);
