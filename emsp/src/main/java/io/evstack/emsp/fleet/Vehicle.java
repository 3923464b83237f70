package io.evstack.emsp.fleet;

import io.javalin.openapi.OpenApiPropertyType;
import java.math.BigDecimal;
import java.time.Instant;

/** A company's vehicle; its fleet cards are tokens with its id. */
public record Vehicle(long id, long companyId, String plate, String vin, String model, @OpenApiPropertyType(definedBy = Double.class) BigDecimal batteryKwh,
        Instant createdAt) {}
