package io.evstack.emsp.account;

import static io.evstack.db.generated.Tables.EMSP_ACCOUNT;
import static io.evstack.db.generated.Tables.EMSP_COMPANY;
import static io.evstack.db.generated.Tables.EMSP_LOGIN;
import static io.evstack.db.generated.Tables.EMSP_PLAN;
import static io.evstack.db.generated.Tables.EMSP_PLAN_HISTORY;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectJoinStep;

/** Accounts, companies, logins and plan look-ups (tables of V6). */
final class AccountRepository {
    record StoredAccount(Account account, String passwordHash) {}

    record StoredLogin(Account account, Instant expiresAt, boolean revoked) {}

    private final DSLContext dsl;

    AccountRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Long> activePlan(String code) {
        return dsl.select(EMSP_PLAN.PK).from(EMSP_PLAN).where(EMSP_PLAN.CODE.eq(code), EMSP_PLAN.ACTIVE.isTrue())
                .fetchOptional(EMSP_PLAN.PK);
    }

    long insertAccount(String email, String name, String passwordHash, Role role, Long companyPk, Long planPk, Instant now) {
        return dsl.insertInto(EMSP_ACCOUNT).set(EMSP_ACCOUNT.EMAIL, email).set(EMSP_ACCOUNT.NAME, name)
                .set(EMSP_ACCOUNT.PASSWORD_HASH, passwordHash).set(EMSP_ACCOUNT.ROLE, role.name())
                .set(EMSP_ACCOUNT.COMPANY_PK, companyPk).set(EMSP_ACCOUNT.PLAN_PK, planPk)
                .set(EMSP_ACCOUNT.PLAN_SINCE, planPk == null ? null : now).set(EMSP_ACCOUNT.STATUS, "ACTIVE")
                .set(EMSP_ACCOUNT.CREATED_AT, now).returningResult(EMSP_ACCOUNT.PK).fetchOne().value1();
    }

    /** The first row of a driver's or company's plan history (V23): the plan it starts on, from now. */
    void insertFirstPlan(Long accountPk, Long companyPk, long planPk, Instant now) {
        dsl.insertInto(EMSP_PLAN_HISTORY).set(EMSP_PLAN_HISTORY.HOLDER, accountPk != null ? "A" + accountPk : "C" + companyPk)
                .set(EMSP_PLAN_HISTORY.ACCOUNT_PK, accountPk).set(EMSP_PLAN_HISTORY.COMPANY_PK, companyPk)
                .set(EMSP_PLAN_HISTORY.PLAN_PK, planPk).set(EMSP_PLAN_HISTORY.EFFECTIVE_FROM, now)
                .set(EMSP_PLAN_HISTORY.RECORDED_AT, now).execute();
    }

    boolean emailTaken(String email) {
        return dsl.fetchExists(EMSP_ACCOUNT, EMSP_ACCOUNT.EMAIL.eq(email));
    }

    Optional<StoredAccount> byEmail(String email) {
        return accounts().where(EMSP_ACCOUNT.EMAIL.eq(email)).fetchOptional()
                .map(r -> new StoredAccount(account(r), r.get(EMSP_ACCOUNT.PASSWORD_HASH)));
    }

    Optional<Account> byPk(long pk) {
        return accounts().where(EMSP_ACCOUNT.PK.eq(pk)).fetchOptional().map(AccountRepository::account);
    }

    List<Account> members(long companyPk) {
        return accounts().where(EMSP_ACCOUNT.COMPANY_PK.eq(companyPk)).orderBy(EMSP_ACCOUNT.PK)
                .fetch().map(AccountRepository::account);
    }

    void insertLogin(String tokenHash, long accountPk, Instant now, Instant expiresAt) {
        dsl.insertInto(EMSP_LOGIN).set(EMSP_LOGIN.TOKEN_HASH, tokenHash).set(EMSP_LOGIN.ACCOUNT_PK, accountPk)
                .set(EMSP_LOGIN.CREATED_AT, now).set(EMSP_LOGIN.EXPIRES_AT, expiresAt).set(EMSP_LOGIN.REVOKED, false)
                .execute();
    }

    Optional<StoredLogin> login(String tokenHash) {
        return dsl.select(EMSP_ACCOUNT.asterisk(), EMSP_LOGIN.EXPIRES_AT, EMSP_LOGIN.REVOKED)
                .from(EMSP_LOGIN).join(EMSP_ACCOUNT).on(EMSP_ACCOUNT.PK.eq(EMSP_LOGIN.ACCOUNT_PK))
                .where(EMSP_LOGIN.TOKEN_HASH.eq(tokenHash)).fetchOptional()
                .map(r -> new StoredLogin(account(r), r.get(EMSP_LOGIN.EXPIRES_AT), r.get(EMSP_LOGIN.REVOKED)));
    }

    int revoke(String tokenHash) {
        return dsl.update(EMSP_LOGIN).set(EMSP_LOGIN.REVOKED, true).where(EMSP_LOGIN.TOKEN_HASH.eq(tokenHash)).execute();
    }

    long insertCompany(String name, String vatId, String address, long planPk, Instant now) {
        return dsl.insertInto(EMSP_COMPANY).set(EMSP_COMPANY.NAME, name).set(EMSP_COMPANY.VAT_ID, vatId)
                .set(EMSP_COMPANY.BILLING_ADDRESS, address).set(EMSP_COMPANY.PLAN_PK, planPk)
                .set(EMSP_COMPANY.CREATED_AT, now).returningResult(EMSP_COMPANY.PK).fetchOne().value1();
    }

    Optional<Company> company(long pk) {
        return companies().where(EMSP_COMPANY.PK.eq(pk)).fetchOptional().map(AccountRepository::company);
    }

    List<Company> allCompanies() {
        return companies().orderBy(EMSP_COMPANY.PK).fetch().map(AccountRepository::company);
    }

    private SelectJoinStep<Record> accounts() {
        return dsl.select(EMSP_ACCOUNT.asterisk()).from(EMSP_ACCOUNT);
    }

    private SelectJoinStep<Record> companies() {
        return dsl.select(EMSP_COMPANY.asterisk()).from(EMSP_COMPANY);
    }

    /** Without its plan code: the plan in force is the plan history's to say ({@link AccountService} adds it). */
    private static Account account(Record r) {
        return new Account(r.get(EMSP_ACCOUNT.PK), r.get(EMSP_ACCOUNT.EMAIL), r.get(EMSP_ACCOUNT.NAME),
                Role.valueOf(r.get(EMSP_ACCOUNT.ROLE)), r.get(EMSP_ACCOUNT.COMPANY_PK), null,
                r.get(EMSP_ACCOUNT.STATUS), r.get(EMSP_ACCOUNT.CREATED_AT));
    }

    /** Without its plan code, as {@link #account(Record)}. */
    private static Company company(Record r) {
        return new Company(r.get(EMSP_COMPANY.PK), r.get(EMSP_COMPANY.NAME), r.get(EMSP_COMPANY.VAT_ID),
                r.get(EMSP_COMPANY.BILLING_ADDRESS), null, r.get(EMSP_COMPANY.CREATED_AT));
    }
}
