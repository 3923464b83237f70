-- eMSP (issue 7): the authorizations we give CPOs in real-time authorization (OCPI 2.2.1 section 12.2.2.2,
-- AuthorizationInfo.authorization_reference, 12.3.1). The CPO copies the reference into the Session (9.3.1)
-- and the CDR (10.3.1) of that charge; when they arrive with it, session_id and cdr_id tie them to the
-- token and the CPO we authorized (only when the CPO and the token uid are the ones we authorized).
CREATE TABLE emsp_authorization (
    pk            BIGINT AUTO_INCREMENT PRIMARY KEY,
    reference     VARCHAR(36)  NOT NULL,
    cpo_pk        BIGINT       NOT NULL,
    token_uid     VARCHAR(36)  NOT NULL,
    token_type    VARCHAR(20)  NOT NULL,
    location_id   VARCHAR(36),
    issued_at     DATETIME(3)  NOT NULL,
    session_id    VARCHAR(36),
    cdr_id        VARCHAR(39),
    CONSTRAINT uk_emsp_authorization_reference UNIQUE (reference),
    CONSTRAINT fk_emsp_authorization_cpo FOREIGN KEY (cpo_pk) REFERENCES emsp_cpo (pk)
);
CREATE INDEX ix_emsp_authorization_cpo ON emsp_authorization (cpo_pk);
