package io.evstack.emsp.fleet;

import static io.evstack.db.generated.Tables.EMSP_TOKEN;
import static io.evstack.db.generated.Tables.EMSP_VEHICLE;

import io.evstack.db.generated.tables.records.EmspVehicleRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The emsp_vehicle table (V6). */
final class VehicleRepository {
    private final DSLContext dsl;

    VehicleRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    long insert(long companyPk, String plate, String vin, String model, BigDecimal batteryKwh, Instant now) {
        return dsl.insertInto(EMSP_VEHICLE).set(EMSP_VEHICLE.COMPANY_PK, companyPk).set(EMSP_VEHICLE.PLATE, plate)
                .set(EMSP_VEHICLE.VIN, vin).set(EMSP_VEHICLE.MODEL, model).set(EMSP_VEHICLE.BATTERY_KWH, batteryKwh)
                .set(EMSP_VEHICLE.CREATED_AT, now).returningResult(EMSP_VEHICLE.PK).fetchOne().value1();
    }

    int update(long companyPk, long pk, String plate, String vin, String model, BigDecimal batteryKwh) {
        return dsl.update(EMSP_VEHICLE).set(EMSP_VEHICLE.PLATE, plate).set(EMSP_VEHICLE.VIN, vin)
                .set(EMSP_VEHICLE.MODEL, model).set(EMSP_VEHICLE.BATTERY_KWH, batteryKwh)
                .where(EMSP_VEHICLE.PK.eq(pk), EMSP_VEHICLE.COMPANY_PK.eq(companyPk)).execute();
    }

    int delete(long companyPk, long pk) {
        return dsl.deleteFrom(EMSP_VEHICLE).where(EMSP_VEHICLE.PK.eq(pk), EMSP_VEHICLE.COMPANY_PK.eq(companyPk)).execute();
    }

    boolean plateTaken(long companyPk, String plate, Long except) {
        var condition = EMSP_VEHICLE.COMPANY_PK.eq(companyPk).and(EMSP_VEHICLE.PLATE.eq(plate));
        return dsl.fetchExists(EMSP_VEHICLE, except == null ? condition : condition.and(EMSP_VEHICLE.PK.ne(except)));
    }

    boolean hasCards(long pk) {
        return dsl.fetchExists(EMSP_TOKEN, EMSP_TOKEN.VEHICLE_PK.eq(pk));
    }

    Optional<Vehicle> one(long companyPk, long pk) {
        return dsl.selectFrom(EMSP_VEHICLE).where(EMSP_VEHICLE.PK.eq(pk), EMSP_VEHICLE.COMPANY_PK.eq(companyPk))
                .fetchOptional().map(VehicleRepository::vehicle);
    }

    List<Vehicle> ofCompany(long companyPk) {
        return dsl.selectFrom(EMSP_VEHICLE).where(EMSP_VEHICLE.COMPANY_PK.eq(companyPk)).orderBy(EMSP_VEHICLE.PK)
                .fetch().map(VehicleRepository::vehicle);
    }

    private static Vehicle vehicle(EmspVehicleRecord r) {
        return new Vehicle(r.getPk(), r.getCompanyPk(), r.getPlate(), r.getVin(), r.getModel(), r.getBatteryKwh(),
                r.getCreatedAt());
    }
}
