package io.evstack.tariff;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads an OCPI 2.2.1 Tariff object (JSON) into a {@link Tariff}; numbers are read as exact decimals. */
public final class TariffParser {
    private TariffParser() {}

    public static Tariff parse(JsonNode t) {
        List<TariffElement> elements = new ArrayList<>();
        for (JsonNode e : t.path("elements")) {
            List<PriceComponent> components = new ArrayList<>();
            for (JsonNode pc : e.path("price_components")) {
                components.add(new PriceComponent(PriceComponent.Dimension.valueOf(pc.path("type").asText()),
                        pc.path("price").decimalValue(), decimal(pc.get("vat")), pc.path("step_size").asLong(1)));
            }
            elements.add(new TariffElement(components, restrictions(e.get("restrictions"))));
        }
        return new Tariff(t.path("id").asText(null), t.path("currency").asText(), elements, price(t.get("min_price")),
                price(t.get("max_price")), instant(t.get("start_date_time")), instant(t.get("end_date_time")));
    }

    private static Restrictions restrictions(JsonNode r) {
        if (r == null || r.isNull()) {
            return Restrictions.NONE;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (JsonNode d : r.path("day_of_week")) {
            days.add(DayOfWeek.valueOf(d.asText()));
        }
        return new Restrictions(time(r.get("start_time")), time(r.get("end_time")), date(r.get("start_date")),
                date(r.get("end_date")), decimal(r.get("min_kwh")), decimal(r.get("max_kwh")),
                decimal(r.get("min_current")), decimal(r.get("max_current")), decimal(r.get("min_power")),
                decimal(r.get("max_power")), integer(r.get("min_duration")), integer(r.get("max_duration")), days,
                r.hasNonNull("reservation") ? Restrictions.Reservation.valueOf(r.get("reservation").asText()) : null);
    }

    private static Tariff.Price price(JsonNode p) {
        return p == null || p.isNull() ? null : new Tariff.Price(p.path("excl_vat").decimalValue(), decimal(p.get("incl_vat")));
    }

    private static BigDecimal decimal(JsonNode n) {
        return n == null || n.isNull() ? null : n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText());
    }

    private static Long integer(JsonNode n) {
        return n == null || n.isNull() ? null : n.asLong();
    }

    private static LocalTime time(JsonNode n) {
        return n == null || n.isNull() ? null : LocalTime.parse(n.asText());
    }

    private static LocalDate date(JsonNode n) {
        return n == null || n.isNull() ? null : LocalDate.parse(n.asText());
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText().endsWith("Z") ? n.asText() : n.asText() + "Z");
    }
}
