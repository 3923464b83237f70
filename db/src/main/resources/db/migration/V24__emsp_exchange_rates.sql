-- eMSP (issue 7): exchange rates set by the operator, for CDRs an external CPO prices in another currency than
-- the driver's plan. 1 from_currency = rate to_currency, from effective_from (a day in the billing zone) until
-- the next rate of the pair. A CDR is converted at the rate in force on the day its session ended; with none,
-- it is not billed and the billing run says so. Only the pair as given is used (no inverse: 1/rate is not
-- exact). A rate, once set for a day, is not changed: invoices may have used it. effective_from is YYYY-MM-DD
-- (text, as emsp_invoice.period_month is YYYY-MM: a calendar day, with no time zone or driver conversion to
-- shift it; it sorts as the dates do).
CREATE TABLE emsp_exchange_rate (
    pk              BIGINT AUTO_INCREMENT PRIMARY KEY,
    from_currency   VARCHAR(3)     NOT NULL,
    to_currency     VARCHAR(3)     NOT NULL,
    rate            DECIMAL(20,10) NOT NULL,
    effective_from  VARCHAR(10)    NOT NULL,
    recorded_at     DATETIME(3)    NOT NULL,
    recorded_by     BIGINT,
    CONSTRAINT uk_emsp_exchange_rate UNIQUE (from_currency, to_currency, effective_from)
);

-- A CHARGE line priced from a CDR in another currency: the CPO's amount excl. VAT in the CDR's currency and the
-- rate it was converted at (amount_excl_vat is in the invoice's currency).
ALTER TABLE emsp_invoice_line ADD COLUMN cdr_currency VARCHAR(3);
ALTER TABLE emsp_invoice_line ADD COLUMN cdr_amount DECIMAL(14,4);
ALTER TABLE emsp_invoice_line ADD COLUMN exchange_rate DECIMAL(20,10);
