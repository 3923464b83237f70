-- eMSP (issue 7): the CPOs we roam with, what they push to us over OCPI 2.2.1, and our pricing of CDRs.
-- The eMSP sees CPOs (our own included) only through OCPI: nothing here refers to CSMS or ocpi_* tables.

CREATE TABLE emsp_cpo (
    pk BIGINT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    versions_url VARCHAR(500) NOT NULL,
    -- SHA-256 of token B, the token the CPO uses to call us (only the hash is kept)
    token_b_hash VARCHAR(64) NOT NULL,
    -- token C, the CPO's token for our calls to it (we must send it, so it is kept as is)
    token_c VARCHAR(64),
    country_code VARCHAR(2),
    party_id VARCHAR(3),
    endpoints TEXT,
    status VARCHAR(20) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    CONSTRAINT uk_emsp_cpo_token_b UNIQUE (token_b_hash)
);

-- Locations, sessions, tariffs, CDRs and command results as received (the CPO owns them, OCPI 2.2.1 4.1.3).
CREATE TABLE emsp_ocpi_object (
    pk BIGINT AUTO_INCREMENT PRIMARY KEY,
    cpo_pk BIGINT NOT NULL,
    module VARCHAR(20) NOT NULL,
    country_code VARCHAR(2) NOT NULL,
    party_id VARCHAR(3) NOT NULL,
    object_id VARCHAR(64) NOT NULL,
    body MEDIUMTEXT NOT NULL,
    received_at DATETIME(3) NOT NULL,
    CONSTRAINT uk_emsp_ocpi_object UNIQUE (module, country_code, party_id, object_id)
);

-- Our price of each received CDR under the tariff engine, next to the CPO's own total.
CREATE TABLE emsp_cdr_price (
    pk BIGINT AUTO_INCREMENT PRIMARY KEY,
    country_code VARCHAR(2) NOT NULL,
    party_id VARCHAR(3) NOT NULL,
    cdr_id VARCHAR(39) NOT NULL,
    currency VARCHAR(3) NOT NULL,
    cpo_excl_vat DECIMAL(14,4),
    cpo_incl_vat DECIMAL(14,4),
    engine_excl_vat DECIMAL(14,4) NOT NULL,
    engine_incl_vat DECIMAL(14,4) NOT NULL,
    mismatch BOOLEAN NOT NULL,
    priced_at DATETIME(3) NOT NULL,
    CONSTRAINT uk_emsp_cdr_price UNIQUE (country_code, party_id, cdr_id)
);

CREATE INDEX ix_emsp_cdr_price_mismatch ON emsp_cdr_price (mismatch);
