package io.evstack.emsp.account;

import io.evstack.emsp.EmspException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts and logins of the eMSP: driver sign-up (on the pay-as-you-go plan), login with a random
 * bearer token of which only the SHA-256 is stored, logout, the check of a bearer token on every request,
 * companies with their managers and drivers, support accounts and the first one from configuration.
 * Passwords are hashed before any transaction opens (a PBKDF2 hash takes a while).
 */
public final class AccountService {
    /** The plan a new private driver starts on, and the one a new company gets when none is named (seeded by V11). */
    public static final String DEFAULT_DRIVER_PLAN = "PAYG";
    public static final String DEFAULT_COMPANY_PLAN = "FLEET";
    public static final int MIN_PASSWORD_LENGTH = 10;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final DSLContext dsl;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final Duration loginLifetime;
    private final CurrentPlans plans;
    private final SecureRandom random = new SecureRandom();

    /** @param plans the plan in force now of a private driver or a company (the plan history's, never a column) */
    public AccountService(DSLContext dsl, Clock clock, PasswordHasher hasher, Duration loginLifetime, CurrentPlans plans) {
        this.dsl = dsl;
        this.clock = clock;
        this.hasher = hasher;
        this.loginLifetime = Objects.requireNonNull(loginLifetime, "loginLifetime");
        this.plans = Objects.requireNonNull(plans, "plans");
    }

    /** A private driver, on the pay-as-you-go plan. */
    public Account signUp(String email, String name, String password) {
        String mail = email(email);
        String who = text("name", name, 200);
        String hash = hasher.hash(password(password));
        return withPlan(dsl.transactionResult(cfg -> {
            var repo = new AccountRepository(cfg.dsl());
            refuseTaken(repo, mail);
            // Every driver is billed under a plan, and a price is the operator's to set, so without an
            // active default plan sign-up is refused (409, nothing stored) rather than inventing one.
            long plan = repo.activePlan(DEFAULT_DRIVER_PLAN).orElseThrow(() -> EmspException.conflict(
                    "Sign-up is closed: the default plan " + DEFAULT_DRIVER_PLAN + " is not active; the operator must "
                            + "activate a pay-as-you-go plan first"));
            Instant now = now();
            long pk = repo.insertAccount(mail, who, hash, Role.DRIVER, null, plan, now);
            repo.insertFirstPlan(pk, null, plan, now);
            return repo.byPk(pk).orElseThrow();
        }));
    }

    /** A login for any role; 401 for an unknown e-mail or a wrong password alike. */
    public Login login(String email, String password) {
        if (email == null || password == null) {
            throw EmspException.badRequest("email and password are required");
        }
        var stored = new AccountRepository(dsl).byEmail(email.trim().toLowerCase(Locale.ROOT));
        if (stored.isEmpty()) {
            hasher.burnOneCheck(password);
            throw EmspException.unauthorized("Wrong e-mail or password");
        }
        if (!hasher.matches(password, stored.get().passwordHash())) {
            log.debug("Wrong password for eMSP account {}", stored.get().account().id());
            throw EmspException.unauthorized("Wrong e-mail or password");
        }
        Account account = withPlan(stored.get().account());
        if (!"ACTIVE".equals(account.status())) {
            throw EmspException.unauthorized("The account is " + account.status().toLowerCase(Locale.ROOT));
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = now();
        Instant expires = now.plus(loginLifetime);
        new AccountRepository(dsl).insertLogin(sha256(token), account.id(), now, expires);
        return new Login(token, "Bearer", expires, account);
    }

    public void logout(String token) {
        new AccountRepository(dsl).revoke(sha256(token));
    }

    /** The caller behind a bearer token; 401 when it is unknown, expired or revoked. */
    public Caller authenticate(String token) {
        var login = new AccountRepository(dsl).login(sha256(token))
                .orElseThrow(() -> EmspException.unauthorized("Unknown bearer token; log in again"));
        if (login.revoked()) {
            throw EmspException.unauthorized("This login was ended; log in again");
        }
        if (!now().isBefore(login.expiresAt())) {
            throw EmspException.unauthorized("This login has expired; log in again");
        }
        if (!"ACTIVE".equals(login.account().status())) {
            throw EmspException.unauthorized("The account is not active");
        }
        Account a = login.account();
        return new Caller(a.id(), a.role(), a.companyId());
    }

    public Account account(long pk) {
        return withPlan(new AccountRepository(dsl).byPk(pk).orElseThrow(() -> EmspException.notFound("No account " + pk)));
    }

    /** A company and its first fleet manager, at once (a company without a manager could not be run). */
    public Company createCompany(String name, String vatId, String billingAddress, String planCode,
            String managerEmail, String managerName, String managerPassword) {
        String company = text("name", name, 200);
        String vat = optional("vatId", vatId, 30);
        String address = optional("billingAddress", billingAddress, 500);
        String plan = planCode == null ? DEFAULT_COMPANY_PLAN : planCode.trim();
        String mail = email(managerEmail);
        String who = text("manager.name", managerName, 200);
        String hash = hasher.hash(password(managerPassword));
        return companyWithPlan(dsl.transactionResult(cfg -> {
            var repo = new AccountRepository(cfg.dsl());
            refuseTaken(repo, mail);
            long planPk = repo.activePlan(plan).orElseThrow(() -> EmspException.badRequest("No active plan '" + plan + "'"));
            Instant now = now();
            long pk = repo.insertCompany(company, vat, address, planPk, now);
            repo.insertFirstPlan(null, pk, planPk, now);
            repo.insertAccount(mail, who, hash, Role.FLEET_MANAGER, pk, null, now());
            return repo.company(pk).orElseThrow();
        }));
    }

    /** A driver or another manager of a company. */
    public Account createMember(long companyPk, Role role, String email, String name, String password) {
        if (role == Role.SUPPORT) {
            throw EmspException.badRequest("A company member is a DRIVER or a FLEET_MANAGER");
        }
        String mail = email(email);
        String who = text("name", name, 200);
        String hash = hasher.hash(password(password));
        return dsl.transactionResult(cfg -> {
            var repo = new AccountRepository(cfg.dsl());
            repo.company(companyPk).orElseThrow(() -> EmspException.notFound("No company " + companyPk));
            refuseTaken(repo, mail);
            long pk = repo.insertAccount(mail, who, hash, role, companyPk, null, now());
            return repo.byPk(pk).orElseThrow();
        });
    }

    public Account createSupport(String email, String name, String password) {
        String mail = email(email);
        String who = text("name", name, 200);
        String hash = hasher.hash(password(password));
        return dsl.transactionResult(cfg -> {
            var repo = new AccountRepository(cfg.dsl());
            refuseTaken(repo, mail);
            return repo.byPk(repo.insertAccount(mail, who, hash, Role.SUPPORT, null, null, now())).orElseThrow();
        });
    }

    /**
     * The first support account, from configuration: created when no account has this e-mail, left alone
     * otherwise (its password may have been changed since). True if it was created.
     */
    public boolean ensureSupport(String email, String password) {
        if (new AccountRepository(dsl).emailTaken(email(email))) {
            return false;
        }
        createSupport(email, "Support", password);
        log.info("Created the first eMSP support account {}", email);
        return true;
    }

    public Company company(long pk) {
        return companyWithPlan(new AccountRepository(dsl).company(pk).orElseThrow(() -> EmspException.notFound("No company " + pk)));
    }

    public List<Company> companies() {
        return new AccountRepository(dsl).allCompanies().stream().map(this::companyWithPlan).toList();
    }

    public List<Account> members(long companyPk) {
        return new AccountRepository(dsl).members(companyPk);
    }

    /**
     * A private driver with the plan in force now (after the transaction that wrote it has committed: the plan
     * history is read outside it); fleet members and support have none of their own.
     */
    private Account withPlan(Account a) {
        if (a.companyId() != null || a.role() == Role.SUPPORT) return a;
        return a.withPlanCode(plans.accountPlanCode(a.id()).orElse(null));
    }

    private Company companyWithPlan(Company c) {
        return c.withPlanCode(plans.companyPlanCode(c.id()).orElse(null));
    }

    private static void refuseTaken(AccountRepository repo, String email) {
        if (repo.emailTaken(email)) {
            throw EmspException.conflict("An account with this e-mail exists");
        }
    }

    private static String email(String email) {
        String mail = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (mail.length() > 254 || !EMAIL.matcher(mail).matches()) {
            throw EmspException.badRequest("email must be an e-mail address such as anna@example.com");
        }
        return mail;
    }

    private static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 200) {
            throw EmspException.badRequest("password must have " + MIN_PASSWORD_LENGTH + " to 200 characters");
        }
        return password;
    }

    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw EmspException.badRequest(field + " is required");
        }
        return optional(field, value, max);
    }

    static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.length() > max) {
            throw EmspException.badRequest(field + " must have at most " + max + " characters");
        }
        return v;
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
