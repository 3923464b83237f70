-- Depot smart charging: sites (grid connections), their circuit trees, which EVSE hangs where, the
-- connection's limit schedule, what the balancer allocated (history), and what is known of a session's
-- needs. Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB; DATETIME(3) holds UTC.

CREATE TABLE site (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id            VARCHAR(64)    NOT NULL,
    name               VARCHAR(255),
    limit_kw           DECIMAL(12, 3) NOT NULL,
    limit_amps         DECIMAL(12, 3),
    algorithm          VARCHAR(32)    NOT NULL,
    default_dwell_min  INT            NOT NULL DEFAULT 480,
    created_at         DATETIME(3)    NOT NULL,
    updated_at         DATETIME(3)    NOT NULL,
    CONSTRAINT ux_site_site_id UNIQUE (site_id)
);

-- A feeder or fuse; parent_circuit_pk null means it hangs from the grid connection.
CREATE TABLE site_circuit (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_pk           BIGINT         NOT NULL,
    circuit_id        VARCHAR(64)    NOT NULL,
    parent_circuit_pk BIGINT,
    limit_kw          DECIMAL(12, 3),
    limit_amps        DECIMAL(12, 3),
    CONSTRAINT fk_circuit_site FOREIGN KEY (site_pk) REFERENCES site (id) ON DELETE CASCADE,
    CONSTRAINT fk_circuit_parent FOREIGN KEY (parent_circuit_pk) REFERENCES site_circuit (id) ON DELETE CASCADE,
    CONSTRAINT ux_circuit_site_circuit UNIQUE (site_pk, circuit_id)
);

-- An EVSE (OCPP 1.6 connector) of a site, named by charger identity so it can be entered before the
-- charger first connects.
CREATE TABLE site_evse (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_pk         BIGINT         NOT NULL,
    circuit_pk      BIGINT,
    charge_point_id VARCHAR(64)    NOT NULL,
    connector_id    INT            NOT NULL,
    dc              BOOLEAN        NOT NULL,
    phases          INT            NOT NULL,
    phase_line      INT            NOT NULL DEFAULT 1,
    max_kw          DECIMAL(12, 3) NOT NULL,
    fallback_kw     DECIMAL(12, 3) NOT NULL DEFAULT 0,
    CONSTRAINT fk_evse_site FOREIGN KEY (site_pk) REFERENCES site (id) ON DELETE CASCADE,
    CONSTRAINT fk_evse_circuit FOREIGN KEY (circuit_pk) REFERENCES site_circuit (id) ON DELETE SET NULL,
    CONSTRAINT ux_evse_cp_connector UNIQUE (charge_point_id, connector_id)
);
CREATE INDEX ix_evse_site ON site_evse (site_pk);

-- The connection's limit from starts_at until the next entry (a grid operator's or a tariff's schedule);
-- before the first entry, site.limit_kw applies.
CREATE TABLE site_limit_schedule (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_pk   BIGINT         NOT NULL,
    starts_at DATETIME(3)    NOT NULL,
    limit_kw  DECIMAL(12, 3) NOT NULL,
    CONSTRAINT fk_limit_site FOREIGN KEY (site_pk) REFERENCES site (id) ON DELETE CASCADE,
    CONSTRAINT ux_limit_site_start UNIQUE (site_pk, starts_at)
);

-- Every limit the balancer decided for an EVSE, and what became of sending it.
CREATE TABLE site_allocation (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_pk         BIGINT         NOT NULL,
    charge_point_id VARCHAR(64)    NOT NULL,
    connector_id    INT            NOT NULL,
    transaction_pk  BIGINT,
    limit_w         DECIMAL(12, 1) NOT NULL,
    rate_unit       VARCHAR(4)     NOT NULL,
    rate_limit      DECIMAL(12, 1) NOT NULL,
    algorithm       VARCHAR(32)    NOT NULL,
    send_status     VARCHAR(32)    NOT NULL,
    computed_at     DATETIME(3)    NOT NULL,
    CONSTRAINT fk_allocation_site FOREIGN KEY (site_pk) REFERENCES site (id) ON DELETE CASCADE
);
CREATE INDEX ix_allocation_evse ON site_allocation (charge_point_id, connector_id, computed_at);
CREATE INDEX ix_allocation_site ON site_allocation (site_pk, computed_at);

-- What the driver, the fleet manager or the car said about a session; any field may be unknown.
CREATE TABLE session_need (
    transaction_pk BIGINT         NOT NULL PRIMARY KEY,
    energy_kwh     DECIMAL(12, 3),
    departure_at   DATETIME(3),
    priority       INT            NOT NULL DEFAULT 0,
    max_kw         DECIMAL(12, 3),
    updated_at     DATETIME(3)    NOT NULL
);
