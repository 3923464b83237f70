-- eMSP (issue 7): drivers, companies (fleet contracts), vehicles, tokens and the plans they are priced by.
-- Still OCPI-only towards CPOs: nothing here refers to CSMS or ocpi_* tables.

-- A plan prices a driver's charging (every amount excl. VAT, exact decimals):
--   PAY_AS_YOU_GO: the CPO's price plus markup_percent, or price_per_kwh when set (fixed driver price);
--   SUBSCRIPTION:  monthly_fee, included_kwh free each month, then price_per_kwh;
--   FLEET:         a company contract: price_per_kwh (or markup_percent), one monthly invoice per company.
CREATE TABLE emsp_plan (
    pk              BIGINT AUTO_INCREMENT PRIMARY KEY,
    code            VARCHAR(40)   NOT NULL,
    name            VARCHAR(100)  NOT NULL,
    kind            VARCHAR(20)   NOT NULL,
    currency        VARCHAR(3)    NOT NULL,
    markup_percent  DECIMAL(6,2),
    price_per_kwh   DECIMAL(10,4),
    monthly_fee     DECIMAL(10,2),
    included_kwh    DECIMAL(10,3),
    vat_percent     DECIMAL(5,2)  NOT NULL,
    active          BOOLEAN       NOT NULL,
    created_at      DATETIME(3)   NOT NULL,
    CONSTRAINT uk_emsp_plan_code UNIQUE (code)
);

CREATE TABLE emsp_company (
    pk               BIGINT AUTO_INCREMENT PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    vat_id           VARCHAR(30),
    billing_address  VARCHAR(500),
    plan_pk          BIGINT       NOT NULL,
    created_at       DATETIME(3)  NOT NULL,
    CONSTRAINT fk_emsp_company_plan FOREIGN KEY (plan_pk) REFERENCES emsp_plan (pk)
);

-- role: DRIVER, FLEET_MANAGER, SUPPORT. A fleet driver or manager belongs to a company; a private driver
-- has plan_pk. password_hash is a salted, stretched hash (never the password).
CREATE TABLE emsp_account (
    pk             BIGINT AUTO_INCREMENT PRIMARY KEY,
    email          VARCHAR(254) NOT NULL,
    name           VARCHAR(200) NOT NULL,
    password_hash  VARCHAR(200) NOT NULL,
    role           VARCHAR(20)  NOT NULL,
    company_pk     BIGINT,
    plan_pk        BIGINT,
    plan_since     DATETIME(3),
    status         VARCHAR(20)  NOT NULL,
    created_at     DATETIME(3)  NOT NULL,
    CONSTRAINT uk_emsp_account_email UNIQUE (email),
    CONSTRAINT fk_emsp_account_company FOREIGN KEY (company_pk) REFERENCES emsp_company (pk),
    CONSTRAINT fk_emsp_account_plan FOREIGN KEY (plan_pk) REFERENCES emsp_plan (pk)
);
CREATE INDEX ix_emsp_account_company ON emsp_account (company_pk);

-- A login: the bearer token is random; only its SHA-256 is kept. It expires.
CREATE TABLE emsp_login (
    pk          BIGINT AUTO_INCREMENT PRIMARY KEY,
    token_hash  VARCHAR(64)  NOT NULL,
    account_pk  BIGINT       NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    expires_at  DATETIME(3)  NOT NULL,
    revoked     BOOLEAN      NOT NULL,
    CONSTRAINT uk_emsp_login_token UNIQUE (token_hash),
    CONSTRAINT fk_emsp_login_account FOREIGN KEY (account_pk) REFERENCES emsp_account (pk)
);

CREATE TABLE emsp_vehicle (
    pk            BIGINT AUTO_INCREMENT PRIMARY KEY,
    company_pk    BIGINT       NOT NULL,
    plate         VARCHAR(20)  NOT NULL,
    vin           VARCHAR(17),
    model         VARCHAR(100),
    battery_kwh   DECIMAL(7,2),
    created_at    DATETIME(3)  NOT NULL,
    CONSTRAINT uk_emsp_vehicle_plate UNIQUE (company_pk, plate),
    CONSTRAINT fk_emsp_vehicle_company FOREIGN KEY (company_pk) REFERENCES emsp_company (pk)
);

-- Our tokens as OCPI 2.2.1 section 12.3.2 Token: type RFID / APP_USER / AD_HOC_USER / OTHER, contract_id in
-- eMI3 form (e.g. NL-EVS-C12345678-X, with check digit), whitelist ALWAYS / ALLOWED / ALLOWED_OFFLINE / NEVER.
-- A fleet card has vehicle_pk. status ACTIVE / BLOCKED / EXPIRED; valid = status ACTIVE and not expired.
CREATE TABLE emsp_token (
    pk             BIGINT AUTO_INCREMENT PRIMARY KEY,
    uid            VARCHAR(36)  NOT NULL,
    type           VARCHAR(20)  NOT NULL,
    contract_id    VARCHAR(36)  NOT NULL,
    visual_number  VARCHAR(64),
    account_pk     BIGINT       NOT NULL,
    vehicle_pk     BIGINT,
    whitelist      VARCHAR(20)  NOT NULL,
    status         VARCHAR(20)  NOT NULL,
    expires_at     DATETIME(3),
    last_updated   DATETIME(3)  NOT NULL,
    CONSTRAINT uk_emsp_token_uid UNIQUE (uid),
    CONSTRAINT uk_emsp_token_contract UNIQUE (contract_id),
    CONSTRAINT fk_emsp_token_account FOREIGN KEY (account_pk) REFERENCES emsp_account (pk),
    CONSTRAINT fk_emsp_token_vehicle FOREIGN KEY (vehicle_pk) REFERENCES emsp_vehicle (pk)
);
CREATE INDEX ix_emsp_token_account ON emsp_token (account_pk);
CREATE INDEX ix_emsp_token_updated ON emsp_token (last_updated);
