-- The CSMS schema for OCPP 1.6J. Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB 10.11+.
-- Every DATETIME(3) holds UTC. Unique keys are named table constraints, so that jOOQ knows them (its
-- H2 emulation of onDuplicateKeyIgnore/Update matches on them); other indexes are separate statements
-- (jOOQ's DDLDatabase reads them so); index and constraint names are unique across tables (H2 requires it).

CREATE TABLE charge_point (
    id                       BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_id          VARCHAR(64)  NOT NULL,
    description              VARCHAR(255),
    ocpp_version             VARCHAR(16),
    registration_status      VARCHAR(16)  NOT NULL,
    security_profile         INT          NOT NULL DEFAULT 0,
    password_hash            VARCHAR(255),
    vendor                   VARCHAR(50),
    model                    VARCHAR(50),
    serial_number            VARCHAR(50),
    charge_box_serial_number VARCHAR(50),
    firmware_version         VARCHAR(50),
    iccid                    VARCHAR(20),
    imsi                     VARCHAR(20),
    meter_type               VARCHAR(50),
    meter_serial_number      VARCHAR(50),
    heartbeat_interval       INT,
    last_boot_at             DATETIME(3),
    last_seen_at             DATETIME(3),
    connected_node           VARCHAR(64),
    connected_at             DATETIME(3),
    firmware_status          VARCHAR(32),
    firmware_status_at       DATETIME(3),
    diagnostics_status       VARCHAR(32),
    diagnostics_status_at    DATETIME(3),
    local_list_version       INT,
    created_at               DATETIME(3)  NOT NULL,
    updated_at               DATETIME(3)  NOT NULL,
    CONSTRAINT ux_charge_point_identity UNIQUE (charge_point_id)
);

CREATE TABLE connector (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk   BIGINT       NOT NULL,
    connector_id      INT          NOT NULL,
    status            VARCHAR(32),
    error_code        VARCHAR(32),
    info              VARCHAR(64),
    vendor_id         VARCHAR(255),
    vendor_error_code VARCHAR(64),
    status_at         DATETIME(3),
    updated_at        DATETIME(3)  NOT NULL,
    CONSTRAINT fk_connector_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE,
    CONSTRAINT ux_connector_cp_connector UNIQUE (charge_point_pk, connector_id)
);

CREATE TABLE id_tag (
    id                      BIGINT AUTO_INCREMENT PRIMARY KEY,
    id_tag                  VARCHAR(36)  NOT NULL,
    parent_id_tag           VARCHAR(36),
    expiry_date             DATETIME(3),
    blocked                 BOOLEAN      NOT NULL DEFAULT FALSE,
    max_active_transactions INT          NOT NULL DEFAULT 1,
    note                    VARCHAR(255),
    created_at              DATETIME(3)  NOT NULL,
    updated_at              DATETIME(3)  NOT NULL,
    CONSTRAINT ux_id_tag_tag UNIQUE (id_tag)
);

CREATE TABLE reservation (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk BIGINT       NOT NULL,
    connector_id    INT          NOT NULL,
    id_tag          VARCHAR(36)  NOT NULL,
    parent_id_tag   VARCHAR(36),
    expiry_date     DATETIME(3)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    transaction_pk  BIGINT,
    created_at      DATETIME(3)  NOT NULL,
    updated_at      DATETIME(3)  NOT NULL,
    CONSTRAINT fk_reservation_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE
);
CREATE INDEX ix_reservation_cp_status ON reservation (charge_point_pk, status);

-- A transaction is never deleted with its charger: the FK has no cascade on purpose.
CREATE TABLE charge_transaction (
    id                     BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk        BIGINT       NOT NULL,
    connector_id           INT          NOT NULL,
    id_tag                 VARCHAR(36)  NOT NULL,
    charger_transaction_id VARCHAR(64),
    reservation_pk         BIGINT,
    start_time             DATETIME(3)  NOT NULL,
    meter_start_wh         BIGINT       NOT NULL,
    stop_time              DATETIME(3),
    meter_stop_wh          BIGINT,
    stop_reason            VARCHAR(32),
    stop_id_tag            VARCHAR(36),
    last_energy_wh         BIGINT,
    last_meter_at          DATETIME(3),
    start_received_at      DATETIME(3)  NOT NULL,
    stop_received_at       DATETIME(3),
    CONSTRAINT fk_transaction_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id),
    -- A replayed StartTransaction (same charger, connector and start time) finds the row it made before.
    CONSTRAINT ux_transaction_start UNIQUE (charge_point_pk, connector_id, start_time)
);
CREATE INDEX ix_transaction_id_tag ON charge_transaction (id_tag);
CREATE INDEX ix_transaction_stop ON charge_transaction (stop_time);

-- Every sampled value as received. sample_key is a hash of the sample's identity so that a replayed
-- MeterValues or StopTransaction inserts nothing twice.
CREATE TABLE meter_value (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk BIGINT        NOT NULL,
    connector_id    INT           NOT NULL,
    transaction_pk  BIGINT,
    sampled_at      DATETIME(3)   NOT NULL,
    measured_value  VARCHAR(2500) NOT NULL,
    measurand       VARCHAR(40)   NOT NULL,
    phase           VARCHAR(8),
    unit            VARCHAR(16),
    reading_context VARCHAR(32),
    location        VARCHAR(16),
    value_format    VARCHAR(16),
    sample_key      CHAR(64)      NOT NULL,
    received_at     DATETIME(3)   NOT NULL,
    CONSTRAINT fk_meter_value_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id),
    CONSTRAINT ux_meter_value_sample UNIQUE (sample_key)
);
CREATE INDEX ix_meter_value_tx ON meter_value (transaction_pk, sampled_at);
CREATE INDEX ix_meter_value_cp ON meter_value (charge_point_pk, sampled_at);

CREATE TABLE charging_profile (
    id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
    description          VARCHAR(255),
    stack_level          INT          NOT NULL,
    profile_purpose      VARCHAR(32)  NOT NULL,
    profile_kind         VARCHAR(16)  NOT NULL,
    recurrency_kind      VARCHAR(16),
    valid_from           DATETIME(3),
    valid_to             DATETIME(3),
    schedule_duration    INT,
    schedule_start       DATETIME(3),
    charging_rate_unit   VARCHAR(4)   NOT NULL,
    min_charging_rate    DECIMAL(12, 1),
    created_at           DATETIME(3)  NOT NULL
);

CREATE TABLE charging_schedule_period (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    charging_profile_pk BIGINT         NOT NULL,
    start_period        INT            NOT NULL,
    limit_value         DECIMAL(12, 1) NOT NULL,
    number_phases       INT,
    CONSTRAINT fk_period_profile FOREIGN KEY (charging_profile_pk) REFERENCES charging_profile (id) ON DELETE CASCADE
);
CREATE INDEX ix_period_profile ON charging_schedule_period (charging_profile_pk, start_period);

-- Which profile was sent to which charger and connector, and what the charger answered.
CREATE TABLE charging_profile_assignment (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    charging_profile_pk BIGINT       NOT NULL,
    charge_point_pk     BIGINT       NOT NULL,
    connector_id        INT          NOT NULL,
    transaction_pk      BIGINT,
    status              VARCHAR(16)  NOT NULL,
    sent_at             DATETIME(3)  NOT NULL,
    cleared_at          DATETIME(3),
    CONSTRAINT fk_assignment_profile FOREIGN KEY (charging_profile_pk) REFERENCES charging_profile (id) ON DELETE CASCADE,
    CONSTRAINT fk_assignment_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE
);
CREATE INDEX ix_assignment_cp ON charging_profile_assignment (charge_point_pk, connector_id);

-- Configuration keys as the charger last reported them (GetConfiguration) or as we changed them.
CREATE TABLE configuration_key (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk BIGINT        NOT NULL,
    config_key      VARCHAR(50)   NOT NULL,
    config_value    VARCHAR(500),
    readonly        BOOLEAN       NOT NULL DEFAULT FALSE,
    reported_at     DATETIME(3)   NOT NULL,
    CONSTRAINT fk_config_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE,
    CONSTRAINT ux_config_cp_key UNIQUE (charge_point_pk, config_key)
);

-- Firmware, signed firmware, diagnostics and log upload status notifications, as a history.
CREATE TABLE status_notification_log (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk BIGINT       NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    status          VARCHAR(40)  NOT NULL,
    request_id      INT,
    received_at     DATETIME(3)  NOT NULL,
    CONSTRAINT fk_status_log_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE
);
CREATE INDEX ix_status_log_cp ON status_notification_log (charge_point_pk, received_at);

CREATE TABLE security_event (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk BIGINT       NOT NULL,
    event_type      VARCHAR(50)  NOT NULL,
    event_time      DATETIME(3)  NOT NULL,
    tech_info       VARCHAR(255),
    received_at     DATETIME(3)  NOT NULL,
    CONSTRAINT fk_security_event_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE
);
CREATE INDEX ix_security_event_cp ON security_event (charge_point_pk, event_time);

-- CSRs received with SignCertificate (1.6 Security Whitepaper), kept until a CA signs them.
CREATE TABLE certificate_request (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk BIGINT        NOT NULL,
    csr             VARCHAR(5500) NOT NULL,
    certificate_type VARCHAR(40),
    status          VARCHAR(16)   NOT NULL,
    received_at     DATETIME(3)   NOT NULL,
    CONSTRAINT fk_cert_request_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE
);

-- Every OCPP frame in and out, for support; trimmed by the retention setting.
-- charge_point_id is the identity string so that frames of unregistered chargers are kept too.
CREATE TABLE ocpp_message_log (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_id VARCHAR(64)  NOT NULL,
    direction       VARCHAR(3)   NOT NULL,
    frame           TEXT         NOT NULL,
    logged_at       DATETIME(3)  NOT NULL
);
CREATE INDEX ix_message_log_cp ON ocpp_message_log (charge_point_id, logged_at);
CREATE INDEX ix_message_log_time ON ocpp_message_log (logged_at);
