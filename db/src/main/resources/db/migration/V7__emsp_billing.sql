-- eMSP billing (issue 7): invoices and credit notes for drivers (private) and companies (fleet), numbered
-- without gaps, never changed once issued. Every amount is an exact decimal in the invoice's currency.

-- One gapless counter per series and year. The row is locked (SELECT ... FOR UPDATE) by the transaction that
-- inserts the invoice, so a number is taken only if that invoice commits, and two issuers queue on the row.
CREATE TABLE emsp_invoice_counter (
    series        VARCHAR(10)  NOT NULL,
    counter_year  INT          NOT NULL,
    last_number   BIGINT       NOT NULL,
    CONSTRAINT pk_emsp_invoice_counter PRIMARY KEY (series, counter_year)
);

-- kind INVOICE or CREDIT_NOTE; a credit note carries the lines of the invoice it cancels, negated (the link is
-- emsp_invoice_credit). Buyer: account_pk for a private driver, company_pk for a fleet company;
-- the buyer's name and address are copied, as they were when issued. period_month is YYYY-MM in the billing
-- zone; period_start/period_end are its bounds as UTC instants.
CREATE TABLE emsp_invoice (
    pk              BIGINT AUTO_INCREMENT PRIMARY KEY,
    invoice_number  VARCHAR(30)   NOT NULL,
    series          VARCHAR(10)   NOT NULL,
    kind            VARCHAR(20)   NOT NULL,
    account_pk      BIGINT,
    company_pk      BIGINT,
    buyer_name      VARCHAR(200)  NOT NULL,
    buyer_address   VARCHAR(500),
    buyer_vat_id    VARCHAR(30),
    period_month    VARCHAR(7)    NOT NULL,
    period_start    DATETIME(3)   NOT NULL,
    period_end      DATETIME(3)   NOT NULL,
    currency        VARCHAR(3)    NOT NULL,
    total_excl_vat  DECIMAL(14,4) NOT NULL,
    total_vat       DECIMAL(14,4) NOT NULL,
    total_incl_vat  DECIMAL(14,4) NOT NULL,
    reason          VARCHAR(500),
    issued_at       DATETIME(3)   NOT NULL,
    CONSTRAINT uk_emsp_invoice_number UNIQUE (invoice_number),
    CONSTRAINT fk_emsp_invoice_account FOREIGN KEY (account_pk) REFERENCES emsp_account (pk),
    CONSTRAINT fk_emsp_invoice_company FOREIGN KEY (company_pk) REFERENCES emsp_company (pk)
);
CREATE INDEX ix_emsp_invoice_account ON emsp_invoice (account_pk);
CREATE INDEX ix_emsp_invoice_company ON emsp_invoice (company_pk);
CREATE INDEX ix_emsp_invoice_month ON emsp_invoice (period_month);

-- Which invoice a credit note cancels; an invoice is credited at most once. A table of its own rather than a
-- column, so that no invoice row refers to another (rows are deleted children first, e.g. between tests).
CREATE TABLE emsp_invoice_credit (
    original_pk  BIGINT NOT NULL,
    credit_pk    BIGINT NOT NULL,
    CONSTRAINT pk_emsp_invoice_credit PRIMARY KEY (original_pk),
    CONSTRAINT uk_emsp_invoice_credit UNIQUE (credit_pk),
    CONSTRAINT fk_emsp_invoice_credit_original FOREIGN KEY (original_pk) REFERENCES emsp_invoice (pk),
    CONSTRAINT fk_emsp_invoice_credit_credit FOREIGN KEY (credit_pk) REFERENCES emsp_invoice (pk)
);

-- kind CHARGE (one CDR: cdr_* name it, as the CPO sent it) or FEE (a plan's monthly fee). driver_pk is the
-- account whose token charged (for a fleet invoice: which driver), vehicle_plate the fleet card's vehicle.
-- vat_amount is the line's share of the VAT computed per rate on the invoice (see InvoiceCalculator).
CREATE TABLE emsp_invoice_line (
    pk              BIGINT AUTO_INCREMENT PRIMARY KEY,
    invoice_pk      BIGINT        NOT NULL,
    line_no         INT           NOT NULL,
    kind            VARCHAR(10)   NOT NULL,
    description     VARCHAR(300)  NOT NULL,
    cdr_country     VARCHAR(2),
    cdr_party       VARCHAR(3),
    cdr_id          VARCHAR(39),
    token_uid       VARCHAR(36),
    driver_pk       BIGINT,
    vehicle_plate   VARCHAR(20),
    session_start   DATETIME(3),
    session_end     DATETIME(3),
    kwh             DECIMAL(12,4),
    amount_excl_vat DECIMAL(14,4) NOT NULL,
    vat_percent     DECIMAL(5,2)  NOT NULL,
    vat_amount      DECIMAL(14,4) NOT NULL,
    amount_incl_vat DECIMAL(14,4) NOT NULL,
    CONSTRAINT uk_emsp_invoice_line UNIQUE (invoice_pk, line_no),
    CONSTRAINT fk_emsp_invoice_line_invoice FOREIGN KEY (invoice_pk) REFERENCES emsp_invoice (pk)
);

-- What has been billed, so that a CDR is billed at most once and a monthly fee once per buyer and month,
-- however often a period is run (the primary keys refuse a second time). A credit note releases its
-- invoice's rows, so the period can be billed again correctly. buyer is 'A' + account pk (private driver) or
-- 'C' + company pk (fleet); with kwh it lets a later run of the same month go on counting included kWh.
CREATE TABLE emsp_billed_cdr (
    country_code  VARCHAR(2)    NOT NULL,
    party_id      VARCHAR(3)    NOT NULL,
    cdr_id        VARCHAR(39)   NOT NULL,
    invoice_pk    BIGINT        NOT NULL,
    buyer         VARCHAR(24)   NOT NULL,
    period_month  VARCHAR(7)    NOT NULL,
    kwh           DECIMAL(12,4) NOT NULL,
    CONSTRAINT pk_emsp_billed_cdr PRIMARY KEY (country_code, party_id, cdr_id),
    CONSTRAINT fk_emsp_billed_cdr_invoice FOREIGN KEY (invoice_pk) REFERENCES emsp_invoice (pk)
);
CREATE INDEX ix_emsp_billed_cdr_buyer ON emsp_billed_cdr (buyer, period_month);

CREATE TABLE emsp_billed_fee (
    buyer         VARCHAR(24)  NOT NULL,
    period_month  VARCHAR(7)   NOT NULL,
    invoice_pk    BIGINT       NOT NULL,
    CONSTRAINT pk_emsp_billed_fee PRIMARY KEY (buyer, period_month),
    CONSTRAINT fk_emsp_billed_fee_invoice FOREIGN KEY (invoice_pk) REFERENCES emsp_invoice (pk)
);

-- Issued means immutable: on MySQL and MariaDB a trigger refuses any UPDATE of an invoice or its lines (the
-- code has no update path either). The /*! ... */ form runs there and is a comment to H2, which has no SQL
-- trigger bodies; there the code is the guard.
/* [jooq ignore start] */
/*!50000 CREATE TRIGGER tr_emsp_invoice_immutable BEFORE UPDATE ON emsp_invoice FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'An issued invoice is immutable: issue a credit note' */;
/*!50000 CREATE TRIGGER tr_emsp_invoice_line_immutable BEFORE UPDATE ON emsp_invoice_line FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'An issued invoice is immutable: issue a credit note' */;
/* [jooq ignore stop] */
