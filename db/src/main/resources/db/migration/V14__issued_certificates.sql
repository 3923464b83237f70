-- Every certificate our local CA signed (charging station and V2G certificates, OCPP 2.0.1 A02/A03),
-- so that it can answer OCSP requests for them (M06) and an operator can revoke one.
-- serial_number is the certificate's serial in lower-case hex without leading zeros.
CREATE TABLE issued_certificate (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    serial_number     VARCHAR(40)   NOT NULL,
    charge_point_pk   BIGINT,
    certificate_type  VARCHAR(40)   NOT NULL,
    subject           VARCHAR(512)  NOT NULL,
    not_before        DATETIME(3)   NOT NULL,
    not_after         DATETIME(3)   NOT NULL,
    certificate_pem   TEXT          NOT NULL,
    issued_at         DATETIME(3)   NOT NULL,
    revoked_at        DATETIME(3),
    revocation_reason VARCHAR(32),
    CONSTRAINT uq_issued_certificate_serial UNIQUE (serial_number),
    CONSTRAINT fk_issued_certificate_cp FOREIGN KEY (charge_point_pk) REFERENCES charge_point (id) ON DELETE SET NULL
);
CREATE INDEX ix_issued_certificate_cp ON issued_certificate (charge_point_pk, issued_at);
