-- eMSP (issue 7): plan history. A driver (private account) or a fleet company changes plan with an effective
-- date; each CDR is priced with the plan in force when its session started, and a month with several plans
-- bills each plan's fee and included kWh prorated by the days it was in force (BillingService).
-- holder is 'A' + account pk or 'C' + company pk, the buyer key of emsp_billed_*; exactly one of account_pk and
-- company_pk is set. effective_from is the start of a day in the billing zone (from the API), or the moment of
-- sign-up / creation for the first row. Past rows are never changed; a change scheduled for later is replaced by
-- a newer change taking effect on or before it. emsp_account.plan_pk / emsp_company.plan_pk keep the plan in
-- force as of the latest change that has taken effect.
CREATE TABLE emsp_plan_history (
    pk              BIGINT AUTO_INCREMENT PRIMARY KEY,
    holder          VARCHAR(24)  NOT NULL,
    account_pk      BIGINT,
    company_pk      BIGINT,
    plan_pk         BIGINT       NOT NULL,
    effective_from  DATETIME(3)  NOT NULL,
    recorded_at     DATETIME(3)  NOT NULL,
    recorded_by     BIGINT,
    CONSTRAINT uk_emsp_plan_history UNIQUE (holder, effective_from),
    CONSTRAINT fk_emsp_plan_history_account FOREIGN KEY (account_pk) REFERENCES emsp_account (pk),
    CONSTRAINT fk_emsp_plan_history_company FOREIGN KEY (company_pk) REFERENCES emsp_company (pk),
    CONSTRAINT fk_emsp_plan_history_plan FOREIGN KEY (plan_pk) REFERENCES emsp_plan (pk)
);

-- What V6 knew: each private driver's plan since plan_since, each company's since its creation.
INSERT INTO emsp_plan_history (holder, account_pk, company_pk, plan_pk, effective_from, recorded_at)
    SELECT CONCAT('A', pk), pk, NULL, plan_pk, COALESCE(plan_since, created_at), created_at
    FROM emsp_account WHERE plan_pk IS NOT NULL AND company_pk IS NULL;
INSERT INTO emsp_plan_history (holder, account_pk, company_pk, plan_pk, effective_from, recorded_at)
    SELECT CONCAT('C', pk), NULL, pk, plan_pk, created_at, created_at FROM emsp_company;

-- When a billed CDR's session started, so that included kWh are counted per plan period across runs of a month.
ALTER TABLE emsp_billed_cdr ADD COLUMN session_start DATETIME(3);
-- Which plan priced an invoice line (a CHARGE under the plan in force at its start, a FEE line its plan's period).
ALTER TABLE emsp_invoice_line ADD COLUMN plan_code VARCHAR(40);
