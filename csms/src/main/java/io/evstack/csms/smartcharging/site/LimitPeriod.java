package io.evstack.csms.smartcharging.site;

import java.time.Instant;

/** The site's connection limit from {@code startsAt} until the next entry. */
public record LimitPeriod(Instant startsAt, double limitKw) {}
