package io.evstack.emsp.billing;

import static io.evstack.db.generated.Tables.EMSP_ACCOUNT;
import static io.evstack.db.generated.Tables.EMSP_CDR_PRICE;
import static io.evstack.db.generated.Tables.EMSP_COMPANY;
import static io.evstack.db.generated.Tables.EMSP_OCPI_OBJECT;
import static io.evstack.db.generated.Tables.EMSP_PLAN;
import static io.evstack.db.generated.Tables.EMSP_TOKEN;
import static io.evstack.db.generated.Tables.EMSP_VEHICLE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/**
 * Plans, people, vehicles, tokens and received CDRs written straight into the eMSP tables, as the account
 * module and the OCPI receiver would have left them. Times are local to Europe/Amsterdam.
 */
final class BillingFixture {
    static final ZoneId AMS = ZoneId.of("Europe/Amsterdam");
    static final Instant NOW = Instant.parse("2026-04-02T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    final DSLContext dsl;
    final long payg;
    final long subscription;
    final long fleet;

    BillingFixture(DSLContext dsl) {
        this.dsl = dsl;
        // pay-as-you-go: CPO price + 20 %; subscription: 9.99 a month, 30 kWh included, then 0.30/kWh;
        // fleet: 0.35/kWh. VAT 21 % on all (the Netherlands).
        payg = plan("PAYG20", Plan.Kind.PAY_AS_YOU_GO, "20", null, null, null);
        subscription = plan("SUB30", Plan.Kind.SUBSCRIPTION, null, "0.30", "9.99", "30");
        fleet = plan("FLEET35", Plan.Kind.FLEET, null, "0.35", null, null);
    }

    long plan(String code, Plan.Kind kind, String markup, String perKwh, String fee, String included) {
        return dsl.insertInto(EMSP_PLAN).set(EMSP_PLAN.CODE, code).set(EMSP_PLAN.NAME, code + " plan")
                .set(EMSP_PLAN.KIND, kind.name()).set(EMSP_PLAN.CURRENCY, "EUR").set(EMSP_PLAN.MARKUP_PERCENT, dec(markup))
                .set(EMSP_PLAN.PRICE_PER_KWH, dec(perKwh)).set(EMSP_PLAN.MONTHLY_FEE, dec(fee))
                .set(EMSP_PLAN.INCLUDED_KWH, dec(included)).set(EMSP_PLAN.VAT_PERCENT, new BigDecimal("21"))
                .set(EMSP_PLAN.ACTIVE, true).set(EMSP_PLAN.CREATED_AT, NOW)
                .returningResult(EMSP_PLAN.PK).fetchOne().value1();
    }

    long company(String name, long planPk) {
        return dsl.insertInto(EMSP_COMPANY).set(EMSP_COMPANY.NAME, name).set(EMSP_COMPANY.VAT_ID, "NL123456789B01")
                .set(EMSP_COMPANY.BILLING_ADDRESS, "Industrieweg 5, 3542 AD Utrecht").set(EMSP_COMPANY.PLAN_PK, planPk)
                .set(EMSP_COMPANY.CREATED_AT, NOW).returningResult(EMSP_COMPANY.PK).fetchOne().value1();
    }

    long account(String name, String role, Long companyPk, Long planPk) {
        return dsl.insertInto(EMSP_ACCOUNT).set(EMSP_ACCOUNT.EMAIL, name.toLowerCase().replace(' ', '.') + "@example.org")
                .set(EMSP_ACCOUNT.NAME, name).set(EMSP_ACCOUNT.PASSWORD_HASH, "x").set(EMSP_ACCOUNT.ROLE, role)
                .set(EMSP_ACCOUNT.COMPANY_PK, companyPk).set(EMSP_ACCOUNT.PLAN_PK, planPk)
                .set(EMSP_ACCOUNT.PLAN_SINCE, planPk == null ? null : Instant.parse("2026-01-01T00:00:00Z"))
                .set(EMSP_ACCOUNT.STATUS, "ACTIVE").set(EMSP_ACCOUNT.CREATED_AT, NOW)
                .returningResult(EMSP_ACCOUNT.PK).fetchOne().value1();
    }

    long vehicle(long companyPk, String plate) {
        return dsl.insertInto(EMSP_VEHICLE).set(EMSP_VEHICLE.COMPANY_PK, companyPk).set(EMSP_VEHICLE.PLATE, plate)
                .set(EMSP_VEHICLE.CREATED_AT, NOW).returningResult(EMSP_VEHICLE.PK).fetchOne().value1();
    }

    void token(String uid, long accountPk, Long vehiclePk) {
        dsl.insertInto(EMSP_TOKEN).set(EMSP_TOKEN.UID, uid).set(EMSP_TOKEN.TYPE, "RFID").set(EMSP_TOKEN.CONTRACT_ID, "NL-EVS-" + uid)
                .set(EMSP_TOKEN.ACCOUNT_PK, accountPk).set(EMSP_TOKEN.VEHICLE_PK, vehiclePk).set(EMSP_TOKEN.WHITELIST, "ALLOWED")
                .set(EMSP_TOKEN.STATUS, "ACTIVE").set(EMSP_TOKEN.LAST_UPDATED, NOW).execute();
    }

    /**
     * A CDR as the CPO pushed it (OCPI 2.2.1 section 10.4.1), received a minute after its end; {@code cpoExcl}
     * null leaves total_cost out, {@code engineExcl} is our tariff engine's price (emsp_cdr_price), if any.
     */
    void cdr(String id, String uid, String startLocal, String endLocal, String kwh, String cpoExcl, String engineExcl) {
        cdr(id, uid, startLocal, endLocal, kwh, cpoExcl, engineExcl, "EUR");
    }

    /** {@link #cdr(String, String, String, String, String, String, String)} in another currency than EUR. */
    void cdr(String id, String uid, String startLocal, String endLocal, String kwh, String cpoExcl, String engineExcl, String currency) {
        Instant start = LocalDateTime.parse(startLocal).atZone(AMS).toInstant();
        Instant end = LocalDateTime.parse(endLocal).atZone(AMS).toInstant();
        ObjectNode cdr = JSON.createObjectNode().put("country_code", "NL").put("party_id", "CPO").put("id", id)
                .put("start_date_time", start.toString()).put("end_date_time", end.toString()).put("currency", currency)
                .put("total_energy", new BigDecimal(kwh)).put("last_updated", end.toString());
        cdr.putObject("cdr_token").put("uid", uid).put("type", "RFID").put("contract_id", "NL-EVS-" + uid)
                .put("country_code", "NL").put("party_id", "EVS");
        cdr.putObject("cdr_location").put("id", "LOC1").put("name", "Station Zuid").put("address", "Main St 1, \"B\"")
                .put("city", "Utrecht");
        if (cpoExcl != null) {
            cdr.putObject("total_cost").put("excl_vat", new BigDecimal(cpoExcl));
        }
        cdr.putArray("charging_periods");
        dsl.insertInto(EMSP_OCPI_OBJECT).set(EMSP_OCPI_OBJECT.CPO_PK, 1L).set(EMSP_OCPI_OBJECT.MODULE, "cdrs")
                .set(EMSP_OCPI_OBJECT.COUNTRY_CODE, "NL").set(EMSP_OCPI_OBJECT.PARTY_ID, "CPO").set(EMSP_OCPI_OBJECT.OBJECT_ID, id)
                .set(EMSP_OCPI_OBJECT.BODY, cdr.toString()).set(EMSP_OCPI_OBJECT.RECEIVED_AT, end.plusSeconds(60)).execute();
        if (engineExcl != null) {
            dsl.insertInto(EMSP_CDR_PRICE).set(EMSP_CDR_PRICE.COUNTRY_CODE, "NL").set(EMSP_CDR_PRICE.PARTY_ID, "CPO")
                    .set(EMSP_CDR_PRICE.CDR_ID, id).set(EMSP_CDR_PRICE.CURRENCY, currency).set(EMSP_CDR_PRICE.CPO_EXCL_VAT, dec(cpoExcl))
                    .set(EMSP_CDR_PRICE.ENGINE_EXCL_VAT, new BigDecimal(engineExcl))
                    .set(EMSP_CDR_PRICE.ENGINE_INCL_VAT, new BigDecimal(engineExcl).multiply(new BigDecimal("1.21")))
                    .set(EMSP_CDR_PRICE.MISMATCH, cpoExcl == null).set(EMSP_CDR_PRICE.PRICED_AT, end).execute();
        }
    }

    /** The people and charges of March 2026 most tests bill (see BillingServiceTest for the amounts). */
    static final class March {
        long alice;
        long bob;
        long acme;
        long manager;
        long dave;
        long erin;
        long support;
    }

    March march() {
        March m = new March();
        m.alice = account("Alice Jansen", "DRIVER", null, payg);
        m.bob = account("Bob de Vries", "DRIVER", null, subscription);
        m.acme = company("ACME Logistics B.V.", fleet);
        m.manager = account("Mia Manager", "FLEET_MANAGER", m.acme, null);
        m.dave = account("Dave Driver", "DRIVER", m.acme, null);
        m.erin = account("Erin Driver", "DRIVER", m.acme, null);
        m.support = account("Sam Support", "SUPPORT", null, null);
        long van = vehicle(m.acme, "AB-123-C");
        long car = vehicle(m.acme, "XY-987-Z");
        token("ALICE01", m.alice, null);
        token("BOB01", m.bob, null);
        token("DAVE01", m.dave, van);
        token("ERIN01", m.erin, car);
        cdr("A1", "ALICE01", "2026-03-05T18:00", "2026-03-05T19:00", "10", "4.00", "4.00");
        cdr("A2", "ALICE01", "2026-03-31T23:00", "2026-03-31T23:45", "3.333", "1.1111", null);
        cdr("A3", "ALICE01", "2026-03-31T23:30", "2026-04-01T00:30", "5", "2.00", null);
        cdr("B1", "BOB01", "2026-03-02T08:00", "2026-03-02T09:00", "10", "4.00", null);
        cdr("B2", "BOB01", "2026-03-10T08:00", "2026-03-10T09:00", "25", "11.25", null);
        cdr("B3", "BOB01", "2026-03-20T08:00", "2026-03-20T09:00", "20", null, "7.10");
        cdr("D1", "DAVE01", "2026-03-03T07:00", "2026-03-03T08:00", "20", "8.00", null);
        cdr("D2", "DAVE01", "2026-03-15T07:00", "2026-03-15T08:00", "25", "10.00", null);
        cdr("E1", "ERIN01", "2026-03-16T07:00", "2026-03-16T08:00", "10", "4.00", null);
        cdr("X1", "STRANGER", "2026-03-16T07:00", "2026-03-16T08:00", "10", "4.00", null);
        return m;
    }

    static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }
}
