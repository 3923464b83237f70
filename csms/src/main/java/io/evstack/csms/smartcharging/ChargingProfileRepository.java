package io.evstack.csms.smartcharging;

import static io.evstack.db.generated.Tables.CHARGE_POINT;
import static io.evstack.db.generated.Tables.CHARGING_PROFILE;
import static io.evstack.db.generated.Tables.CHARGING_PROFILE_ASSIGNMENT;
import static io.evstack.db.generated.Tables.CHARGING_SCHEDULE_PERIOD;

import io.evstack.csms.Times;
import io.evstack.db.generated.tables.records.ChargingProfileRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

public final class ChargingProfileRepository {
    private final DSLContext dsl;

    public ChargingProfileRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public long insert(ChargingProfile p, Instant now) {
        long id = dsl.insertInto(CHARGING_PROFILE)
                .set(CHARGING_PROFILE.DESCRIPTION, p.description())
                .set(CHARGING_PROFILE.STACK_LEVEL, p.stackLevel())
                .set(CHARGING_PROFILE.PROFILE_PURPOSE, p.purpose())
                .set(CHARGING_PROFILE.PROFILE_KIND, p.kind())
                .set(CHARGING_PROFILE.RECURRENCY_KIND, p.recurrencyKind())
                .set(CHARGING_PROFILE.VALID_FROM, Times.millis(p.validFrom()))
                .set(CHARGING_PROFILE.VALID_TO, Times.millis(p.validTo()))
                .set(CHARGING_PROFILE.SCHEDULE_DURATION, p.duration())
                .set(CHARGING_PROFILE.SCHEDULE_START, Times.millis(p.startSchedule()))
                .set(CHARGING_PROFILE.CHARGING_RATE_UNIT, p.rateUnit())
                .set(CHARGING_PROFILE.MIN_CHARGING_RATE, p.minChargingRate())
                .set(CHARGING_PROFILE.CREATED_AT, Times.millis(now))
                .returningResult(CHARGING_PROFILE.ID)
                .fetchOne(CHARGING_PROFILE.ID);
        insertPeriods(id, p.periods());
        return id;
    }

    private void insertPeriods(long id, List<ChargingProfile.Period> periods) {
        for (ChargingProfile.Period period : periods) {
            dsl.insertInto(CHARGING_SCHEDULE_PERIOD)
                    .set(CHARGING_SCHEDULE_PERIOD.CHARGING_PROFILE_PK, id)
                    .set(CHARGING_SCHEDULE_PERIOD.START_PERIOD, period.startPeriod())
                    .set(CHARGING_SCHEDULE_PERIOD.LIMIT_VALUE, period.limit())
                    .set(CHARGING_SCHEDULE_PERIOD.NUMBER_PHASES, period.numberPhases())
                    .execute();
        }
    }

    /**
     * Stores a profile under a key kept in its description, replacing the content of the profile stored
     * under that key before: the id, which is the chargingProfileId the charger knows, stays the same, so
     * the charger replaces its copy too (OCPP 1.6 section 3.13.2, 2.0.1 K01.FR.05). For profiles that one
     * sender keeps per charger, connector and purpose (the load balancer's).
     */
    public long upsertKeyed(String key, ChargingProfile p, Instant now) {
        return dsl.transactionResult(cfg -> new ChargingProfileRepository(cfg.dsl()).replaceKeyed(key, p, now));
    }

    private long replaceKeyed(String key, ChargingProfile p, Instant now) {
        Long existing = dsl.select(CHARGING_PROFILE.ID).from(CHARGING_PROFILE).where(CHARGING_PROFILE.DESCRIPTION.eq(key))
                .orderBy(CHARGING_PROFILE.ID).limit(1).fetchOne(CHARGING_PROFILE.ID);
        ChargingProfile keyed = new ChargingProfile(null, key, p.stackLevel(), p.purpose(), p.kind(), p.recurrencyKind(),
                p.validFrom(), p.validTo(), p.duration(), p.startSchedule(), p.rateUnit(), p.minChargingRate(), p.periods());
        if (existing == null) {
            return insert(keyed, now);
        }
        dsl.update(CHARGING_PROFILE)
                .set(CHARGING_PROFILE.STACK_LEVEL, keyed.stackLevel())
                .set(CHARGING_PROFILE.PROFILE_PURPOSE, keyed.purpose())
                .set(CHARGING_PROFILE.PROFILE_KIND, keyed.kind())
                .set(CHARGING_PROFILE.RECURRENCY_KIND, keyed.recurrencyKind())
                .set(CHARGING_PROFILE.VALID_FROM, Times.millis(keyed.validFrom()))
                .set(CHARGING_PROFILE.VALID_TO, Times.millis(keyed.validTo()))
                .set(CHARGING_PROFILE.SCHEDULE_DURATION, keyed.duration())
                .set(CHARGING_PROFILE.SCHEDULE_START, Times.millis(keyed.startSchedule()))
                .set(CHARGING_PROFILE.CHARGING_RATE_UNIT, keyed.rateUnit())
                .set(CHARGING_PROFILE.MIN_CHARGING_RATE, keyed.minChargingRate())
                .where(CHARGING_PROFILE.ID.eq(existing))
                .execute();
        dsl.deleteFrom(CHARGING_SCHEDULE_PERIOD).where(CHARGING_SCHEDULE_PERIOD.CHARGING_PROFILE_PK.eq(existing)).execute();
        insertPeriods(existing, keyed.periods());
        return existing;
    }

    public Optional<ChargingProfile> find(long id) {
        return dsl.selectFrom(CHARGING_PROFILE).where(CHARGING_PROFILE.ID.eq(id)).fetchOptional().map(this::toDomain);
    }

    public List<ChargingProfile> list() {
        return dsl.selectFrom(CHARGING_PROFILE).orderBy(CHARGING_PROFILE.ID).fetch().map(this::toDomain);
    }

    public void assign(long profileId, long chargePointPk, int connectorId, Long transactionId, String status,
            Instant now) {
        dsl.insertInto(CHARGING_PROFILE_ASSIGNMENT)
                .set(CHARGING_PROFILE_ASSIGNMENT.CHARGING_PROFILE_PK, profileId)
                .set(CHARGING_PROFILE_ASSIGNMENT.CHARGE_POINT_PK, chargePointPk)
                .set(CHARGING_PROFILE_ASSIGNMENT.CONNECTOR_ID, connectorId)
                .set(CHARGING_PROFILE_ASSIGNMENT.TRANSACTION_PK, transactionId)
                .set(CHARGING_PROFILE_ASSIGNMENT.STATUS, status)
                .set(CHARGING_PROFILE_ASSIGNMENT.SENT_AT, Times.millis(now))
                .execute();
    }

    /**
     * Marks as cleared the accepted profiles a charger no longer has: those matching a ClearChargingProfile
     * (null criteria match everything), or those a new profile replaced (OCPP 1.6 section 3.13.2: same
     * stack level and purpose, or same id).
     */
    public int markCleared(long chargePointPk, Long profileId, Integer connectorId, String purpose, Integer stackLevel,
            Instant now) {
        Condition c = CHARGING_PROFILE_ASSIGNMENT.CHARGE_POINT_PK.eq(chargePointPk)
                .and(CHARGING_PROFILE_ASSIGNMENT.CLEARED_AT.isNull())
                .and(CHARGING_PROFILE_ASSIGNMENT.STATUS.eq("Accepted"));
        if (profileId != null) {
            c = c.and(CHARGING_PROFILE_ASSIGNMENT.CHARGING_PROFILE_PK.eq(profileId));
        }
        if (connectorId != null) {
            c = c.and(CHARGING_PROFILE_ASSIGNMENT.CONNECTOR_ID.eq(connectorId));
        }
        Condition profile = DSL.noCondition();
        if (purpose != null) {
            profile = profile.and(CHARGING_PROFILE.PROFILE_PURPOSE.eq(purpose));
        }
        if (stackLevel != null) {
            profile = profile.and(CHARGING_PROFILE.STACK_LEVEL.eq(stackLevel));
        }
        c = c.and(CHARGING_PROFILE_ASSIGNMENT.CHARGING_PROFILE_PK.in(
                DSL.select(CHARGING_PROFILE.ID).from(CHARGING_PROFILE).where(profile)));
        return dsl.update(CHARGING_PROFILE_ASSIGNMENT)
                .set(CHARGING_PROFILE_ASSIGNMENT.CLEARED_AT, Times.millis(now))
                .where(c)
                .execute();
    }

    public List<ProfileAssignment> assignments(String chargePointId, boolean activeOnly) {
        Condition c = CHARGE_POINT.CHARGE_POINT_ID.eq(chargePointId);
        if (activeOnly) {
            c = c.and(CHARGING_PROFILE_ASSIGNMENT.CLEARED_AT.isNull()).and(CHARGING_PROFILE_ASSIGNMENT.STATUS.eq("Accepted"));
        }
        return dsl.select(CHARGING_PROFILE_ASSIGNMENT.fields())
                .select(CHARGING_PROFILE.PROFILE_PURPOSE, CHARGING_PROFILE.STACK_LEVEL, CHARGE_POINT.CHARGE_POINT_ID)
                .from(CHARGING_PROFILE_ASSIGNMENT)
                .join(CHARGING_PROFILE).on(CHARGING_PROFILE.ID.eq(CHARGING_PROFILE_ASSIGNMENT.CHARGING_PROFILE_PK))
                .join(CHARGE_POINT).on(CHARGE_POINT.ID.eq(CHARGING_PROFILE_ASSIGNMENT.CHARGE_POINT_PK))
                .where(c)
                .orderBy(CHARGING_PROFILE_ASSIGNMENT.SENT_AT.desc(), CHARGING_PROFILE_ASSIGNMENT.ID.desc())
                .fetch(r -> new ProfileAssignment(r.get(CHARGING_PROFILE_ASSIGNMENT.CHARGING_PROFILE_PK),
                        r.get(CHARGE_POINT.CHARGE_POINT_ID), r.get(CHARGING_PROFILE_ASSIGNMENT.CONNECTOR_ID),
                        r.get(CHARGING_PROFILE_ASSIGNMENT.TRANSACTION_PK), r.get(CHARGING_PROFILE.PROFILE_PURPOSE),
                        r.get(CHARGING_PROFILE.STACK_LEVEL), r.get(CHARGING_PROFILE_ASSIGNMENT.STATUS),
                        r.get(CHARGING_PROFILE_ASSIGNMENT.SENT_AT), r.get(CHARGING_PROFILE_ASSIGNMENT.CLEARED_AT)));
    }

    private ChargingProfile toDomain(ChargingProfileRecord r) {
        List<ChargingProfile.Period> periods = dsl.selectFrom(CHARGING_SCHEDULE_PERIOD)
                .where(CHARGING_SCHEDULE_PERIOD.CHARGING_PROFILE_PK.eq(r.getId()))
                .orderBy(CHARGING_SCHEDULE_PERIOD.START_PERIOD)
                .fetch(p -> new ChargingProfile.Period(p.getStartPeriod(), p.getLimitValue(), p.getNumberPhases()));
        return new ChargingProfile(r.getId(), r.getDescription(), r.getStackLevel(), r.getProfilePurpose(),
                r.getProfileKind(), r.getRecurrencyKind(), r.getValidFrom(), r.getValidTo(), r.getScheduleDuration(),
                r.getScheduleStart(), r.getChargingRateUnit(), r.getMinChargingRate(), periods);
    }
}
