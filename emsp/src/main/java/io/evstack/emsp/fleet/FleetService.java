package io.evstack.emsp.fleet;

import io.evstack.emsp.EmspException;
import io.evstack.emsp.account.Account;
import io.evstack.emsp.account.AccountService;
import io.evstack.emsp.account.Role;
import io.evstack.emsp.roaming.RoamingObjects;
import io.evstack.emsp.roaming.SessionBook;
import io.evstack.emsp.roaming.SessionSummary;
import io.evstack.emsp.token.Token;
import io.evstack.emsp.token.TokenService;
import io.javalin.openapi.OpenApiPropertyType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * A company's fleet: vehicles, fleet cards tied to them, and the energy each vehicle charged in a month
 * (from the CPOs' CDRs of its cards). Every method takes the company, which the routes have checked the
 * caller may act for; a vehicle of another company is simply not found.
 */
public final class FleetService {
    private static final Pattern VIN = Pattern.compile("^[A-HJ-NPR-Z0-9]{17}$");

    public record VehicleMonth(long vehicleId, String plate, String month,
            @OpenApiPropertyType(definedBy = Double.class) BigDecimal kwh, int sessions,
            List<SessionSummary> cdrs) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final AccountService accounts;
    private final TokenService tokens;
    private final SessionBook sessions;

    public FleetService(DSLContext dsl, Clock clock, AccountService accounts, TokenService tokens, RoamingObjects roaming) {
        this.dsl = dsl;
        this.clock = clock;
        this.accounts = accounts;
        this.tokens = tokens;
        this.sessions = new SessionBook(roaming);
    }

    public List<Vehicle> vehicles(long companyPk) {
        accounts.company(companyPk);
        return new VehicleRepository(dsl).ofCompany(companyPk);
    }

    public Vehicle vehicle(long companyPk, long vehiclePk) {
        return new VehicleRepository(dsl).one(companyPk, vehiclePk)
                .orElseThrow(() -> EmspException.notFound("No vehicle " + vehiclePk + " in company " + companyPk));
    }

    public Vehicle addVehicle(long companyPk, String plate, String vin, String model, BigDecimal batteryKwh) {
        accounts.company(companyPk);
        String p = plate(plate);
        String v = vin(vin);
        String m = model(model);
        BigDecimal b = battery(batteryKwh);
        return dsl.transactionResult(cfg -> {
            var repo = new VehicleRepository(cfg.dsl());
            if (repo.plateTaken(companyPk, p, null)) {
                throw EmspException.conflict("The company has a vehicle " + p);
            }
            return repo.one(companyPk, repo.insert(companyPk, p, v, m, b, now())).orElseThrow();
        });
    }

    public Vehicle updateVehicle(long companyPk, long vehiclePk, String plate, String vin, String model, BigDecimal batteryKwh) {
        String p = plate(plate);
        String v = vin(vin);
        String m = model(model);
        BigDecimal b = battery(batteryKwh);
        return dsl.transactionResult(cfg -> {
            var repo = new VehicleRepository(cfg.dsl());
            if (repo.plateTaken(companyPk, p, vehiclePk)) {
                throw EmspException.conflict("The company has another vehicle " + p);
            }
            if (repo.update(companyPk, vehiclePk, p, v, m, b) == 0) {
                throw EmspException.notFound("No vehicle " + vehiclePk + " in company " + companyPk);
            }
            return repo.one(companyPk, vehiclePk).orElseThrow();
        });
    }

    public void deleteVehicle(long companyPk, long vehiclePk) {
        dsl.transaction(cfg -> {
            var repo = new VehicleRepository(cfg.dsl());
            repo.one(companyPk, vehiclePk)
                    .orElseThrow(() -> EmspException.notFound("No vehicle " + vehiclePk + " in company " + companyPk));
            if (repo.hasCards(vehiclePk)) {
                throw EmspException.conflict("Vehicle " + vehiclePk + " has fleet cards; their CDRs refer to it, so it stays");
            }
            repo.delete(companyPk, vehiclePk);
        });
    }

    /**
     * A fleet card for a vehicle. It belongs to {@code driverPk} when given (a driver of the company),
     * else to the company's first fleet manager: a token needs an account, and the manager answers for
     * the cards of the pool.
     */
    public Token issueCard(long companyPk, long vehiclePk, String uid, String visualNumber, Long driverPk) {
        vehicle(companyPk, vehiclePk);
        List<Account> members = accounts.members(companyPk);
        Account holder = driverPk != null
                ? members.stream().filter(a -> a.id() == driverPk).findFirst()
                        .orElseThrow(() -> EmspException.notFound("No driver " + driverPk + " in company " + companyPk))
                : members.stream().filter(a -> a.role() == Role.FLEET_MANAGER).findFirst()
                        .orElseThrow(() -> EmspException.conflict("The company has no fleet manager to hold the card"));
        return tokens.issueFleetCard(holder.id(), vehiclePk, uid, visualNumber);
    }

    public List<Token> cards(long companyPk) {
        accounts.company(companyPk);
        return tokens.ofCompany(companyPk);
    }

    /** A token of the company (a member's or a vehicle's); 404 otherwise. */
    public Token card(long companyPk, String uid) {
        return tokens.ofCompany(companyPk).stream().filter(t -> t.uid().equalsIgnoreCase(uid)).findFirst()
                .orElseThrow(() -> EmspException.notFound("No card " + uid + " in company " + companyPk));
    }

    /** The CDRs of the vehicle's cards that started in {@code month} (UTC), and their energy. */
    public VehicleMonth month(long companyPk, long vehiclePk, YearMonth month) {
        Vehicle vehicle = vehicle(companyPk, vehiclePk);
        List<String> uids = tokens.ofVehicle(vehiclePk).stream().map(Token::uid).toList();
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<SessionSummary> cdrs = new ArrayList<>();
        BigDecimal kwh = BigDecimal.ZERO;
        for (SessionSummary cdr : sessions.cdrs(uids)) {
            if (cdr.start() != null && !cdr.start().isBefore(from) && cdr.start().isBefore(to)) {
                cdrs.add(cdr);
                kwh = kwh.add(cdr.kwh() == null ? BigDecimal.ZERO : cdr.kwh());
            }
        }
        return new VehicleMonth(vehicle.id(), vehicle.plate(), month.toString(), kwh, cdrs.size(), cdrs);
    }

    /** {@link #month} for every vehicle of the company. */
    public List<VehicleMonth> report(long companyPk, YearMonth month) {
        return vehicles(companyPk).stream().map(v -> month(companyPk, v.id(), month)).toList();
    }

    private static String plate(String plate) {
        if (plate == null || plate.isBlank() || plate.trim().length() > 20) {
            throw EmspException.badRequest("plate is required, at most 20 characters");
        }
        return plate.trim().toUpperCase(Locale.ROOT);
    }

    private static String vin(String vin) {
        if (vin == null || vin.isBlank()) {
            return null;
        }
        String v = vin.trim().toUpperCase(Locale.ROOT);
        if (!VIN.matcher(v).matches()) {
            throw EmspException.badRequest("vin must be 17 letters and digits, without I, O or Q (ISO 3779)");
        }
        return v;
    }

    private static String model(String model) {
        if (model != null && model.length() > 100) {
            throw EmspException.badRequest("model must have at most 100 characters");
        }
        return model == null || model.isBlank() ? null : model.trim();
    }

    private static BigDecimal battery(BigDecimal kwh) {
        if (kwh != null && (kwh.signum() <= 0 || kwh.compareTo(new BigDecimal("10000")) >= 0 || kwh.scale() > 2)) {
            throw EmspException.badRequest("batteryKwh must be positive, below 10000, with at most 2 decimals");
        }
        return kwh;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
