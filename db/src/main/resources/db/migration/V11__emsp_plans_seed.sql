-- eMSP (issue 7): the plans every new account can be put on, so a sign-up always finds its default plan.
-- Codes are what the code refers to (PAYG is a new driver's default, FLEET a new company's); the prices are
-- starting values the operator may change. Amounts excl. VAT; VAT 21 % as in NL, where our party is.
INSERT INTO emsp_plan (code, name, kind, currency, markup_percent, price_per_kwh, monthly_fee, included_kwh,
        vat_percent, active, created_at)
    VALUES ('PAYG', 'Pay as you go', 'PAY_AS_YOU_GO', 'EUR', 20.00, NULL, NULL, NULL, 21.00, TRUE,
        TIMESTAMP '2026-01-01 00:00:00');
INSERT INTO emsp_plan (code, name, kind, currency, markup_percent, price_per_kwh, monthly_fee, included_kwh,
        vat_percent, active, created_at)
    VALUES ('SUBSCRIPTION', 'Subscription', 'SUBSCRIPTION', 'EUR', NULL, 0.3900, 9.99, 50.000, 21.00, TRUE,
        TIMESTAMP '2026-01-01 00:00:00');
INSERT INTO emsp_plan (code, name, kind, currency, markup_percent, price_per_kwh, monthly_fee, included_kwh,
        vat_percent, active, created_at)
    VALUES ('FLEET', 'Fleet contract', 'FLEET', 'EUR', 10.00, NULL, NULL, NULL, 21.00, TRUE,
        TIMESTAMP '2026-01-01 00:00:00');
