-- eMSP: the contract certificates our MO sub-CA signed for ISO 15118 Plug & Charge, one per Plug & Charge token,
-- so that our OCSP responder can answer for them and a driver can revoke one. serial is the certificate's serial
-- in lower-case hex without leading zeros; emaid the contract id with hyphens (as emsp_token.contract_id);
-- token_uid the token it authorizes (the eMAID without hyphens, the certificate's CN). revocation_reason is an
-- RFC 5280 CRLReason name (e.g. cessationOfOperation); both revocation columns are null until it is revoked.
CREATE TABLE emsp_contract_certificate (
    pk                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    serial             VARCHAR(40)  NOT NULL,
    emaid              VARCHAR(36)  NOT NULL,
    token_uid          VARCHAR(36)  NOT NULL,
    account_pk         BIGINT       NOT NULL,
    issued_at          DATETIME(3)  NOT NULL,
    not_after          DATETIME(3)  NOT NULL,
    revoked_at         DATETIME(3),
    revocation_reason  VARCHAR(32),
    certificate_pem    TEXT         NOT NULL,
    CONSTRAINT uk_emsp_contract_certificate_serial UNIQUE (serial),
    CONSTRAINT fk_emsp_contract_certificate_account FOREIGN KEY (account_pk) REFERENCES emsp_account (pk),
    CONSTRAINT fk_emsp_contract_certificate_token FOREIGN KEY (token_uid) REFERENCES emsp_token (uid)
);
CREATE INDEX ix_emsp_contract_certificate_account ON emsp_contract_certificate (account_pk);
