-- OCPP 2.0.1 on the same model as 1.6: a 2.0.1 transaction is a charge_transaction row whose
-- charger_transaction_id holds the station's transactionId, an EVSE is what 1.6 calls a connector
-- (connector.connector_id = evseId), an idToken is an id_tag. What only 2.0.1 has lives in the tables
-- below. Same rules as V1: named unique constraints, separate CREATE INDEX, names unique across tables.

-- A 2.0.1 station names its own transactions: one row per (charger, transactionId).
ALTER TABLE charge_transaction ADD CONSTRAINT ux_transaction_charger_tx UNIQUE (charge_point_pk, charger_transaction_id);

-- Every TransactionEvent received, once: (charger, transactionId, seqNo) identifies an event (OCPP 2.0.1
-- E01/E07: seqNo increments per message of a transaction), so a replay inserts nothing and changes nothing.
CREATE TABLE transaction_event (
    id                     BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk        BIGINT       NOT NULL,
    charger_transaction_id VARCHAR(36)  NOT NULL,
    seq_no                 INT          NOT NULL,
    transaction_pk         BIGINT       NOT NULL,
    event_type             VARCHAR(8)   NOT NULL,
    trigger_reason         VARCHAR(32)  NOT NULL,
    event_time             DATETIME(3)  NOT NULL,
    offline                BOOLEAN      NOT NULL DEFAULT FALSE,
    evse_id                INT,
    evse_connector_id      INT,
    id_token               VARCHAR(36),
    id_token_type          VARCHAR(20),
    charging_state         VARCHAR(16),
    stopped_reason         VARCHAR(32),
    remote_start_id        INT,
    received_at            DATETIME(3)  NOT NULL,
    CONSTRAINT fk_tx_event_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id),
    CONSTRAINT fk_tx_event_tx FOREIGN KEY (transaction_pk) REFERENCES charge_transaction (id),
    CONSTRAINT ux_tx_event_seq UNIQUE (charge_point_pk, charger_transaction_id, seq_no)
);
CREATE INDEX ix_tx_event_tx ON transaction_event (transaction_pk, seq_no);

-- Signed meter values (2.0.1 SignedMeterValueType) exactly as received, beside the sample they sign.
CREATE TABLE signed_meter_value (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    sample_key        CHAR(64)     NOT NULL,
    signed_meter_data TEXT         NOT NULL,
    signing_method    VARCHAR(50)  NOT NULL,
    encoding_method   VARCHAR(50)  NOT NULL,
    public_key        TEXT,
    CONSTRAINT ux_signed_meter_value_sample UNIQUE (sample_key)
);

-- The state of each connector of each EVSE (2.0.1 StatusNotification names both); the EVSE's own
-- summary is in connector (connector_id = evseId).
CREATE TABLE evse_connector (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk BIGINT       NOT NULL,
    evse_id         INT          NOT NULL,
    connector_id    INT          NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    status_at       DATETIME(3)  NOT NULL,
    updated_at      DATETIME(3)  NOT NULL,
    CONSTRAINT fk_evse_connector_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE,
    CONSTRAINT ux_evse_connector UNIQUE (charge_point_pk, evse_id, connector_id)
);

-- The station's device model (2.0.1 part 1 section 4): one row per component, variable and attribute
-- type, with the variable's characteristics repeated on each attribute row. variable_key hashes the
-- identity (instance, evse and connector are optional, and NULLs never collide in a unique index).
CREATE TABLE device_variable (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk     BIGINT        NOT NULL,
    component_name      VARCHAR(50)   NOT NULL,
    component_instance  VARCHAR(50),
    evse_id             INT,
    evse_connector_id   INT,
    variable_name       VARCHAR(50)   NOT NULL,
    variable_instance   VARCHAR(50),
    attribute_type      VARCHAR(8)    NOT NULL,
    attribute_value     VARCHAR(2500),
    mutability          VARCHAR(10),
    persistent          BOOLEAN,
    is_constant         BOOLEAN,
    data_type           VARCHAR(20),
    unit                VARCHAR(16),
    min_limit           DOUBLE,
    max_limit           DOUBLE,
    values_list         VARCHAR(1000),
    supports_monitoring BOOLEAN,
    variable_key        CHAR(64)      NOT NULL,
    reported_at         DATETIME(3)   NOT NULL,
    CONSTRAINT fk_device_variable_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE,
    CONSTRAINT ux_device_variable_key UNIQUE (variable_key)
);
CREATE INDEX ix_device_variable_cp ON device_variable (charge_point_pk, component_name, variable_name);

-- NotifyEVChargingNeeds (2.0.1 K15): what the EV asked for, for the smart-charging balancer.
CREATE TABLE ev_charging_needs (
    id                        BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk           BIGINT       NOT NULL,
    evse_id                   INT          NOT NULL,
    requested_energy_transfer VARCHAR(24)  NOT NULL,
    departure_time            DATETIME(3),
    energy_amount_wh          INT,
    ev_min_current            INT,
    ev_max_current            INT,
    ev_max_voltage            INT,
    ev_max_power              INT,
    state_of_charge           INT,
    ev_energy_capacity        INT,
    full_soc                  INT,
    bulk_soc                  INT,
    max_schedule_tuples       INT,
    received_at               DATETIME(3)  NOT NULL,
    CONSTRAINT fk_ev_needs_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE
);
CREATE INDEX ix_ev_needs_cp ON ev_charging_needs (charge_point_pk, evse_id, received_at);

-- What a 2.0.1 station reports that the CSMS keeps as a record without acting on it field by field
-- (charging limits, EV schedules, profile and monitoring reports, events, customer information, display
-- messages, cost updates, installed certificates): the message as received, by kind.
CREATE TABLE station_report (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    charge_point_pk BIGINT       NOT NULL,
    kind            VARCHAR(40)  NOT NULL,
    evse_id         INT,
    request_id      INT,
    payload         TEXT         NOT NULL,
    received_at     DATETIME(3)  NOT NULL,
    CONSTRAINT fk_station_report_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE CASCADE
);
CREATE INDEX ix_station_report_cp ON station_report (charge_point_pk, kind, received_at);
