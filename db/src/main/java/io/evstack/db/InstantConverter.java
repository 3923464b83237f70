package io.evstack.db;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jooq.impl.AbstractConverter;

/**
 * A DATETIME value is the UTC wall-clock time of an {@link Instant}. Used by {@link InstantBinding};
 * on its own (with jOOQ's default binding) it would not be safe, see there.
 */
public final class InstantConverter extends AbstractConverter<LocalDateTime, Instant> {

    private static final long serialVersionUID = 1L;

    public InstantConverter() {
        super(LocalDateTime.class, Instant.class);
    }

    @Override
    public Instant from(LocalDateTime databaseObject) {
        return databaseObject == null ? null : databaseObject.toInstant(ZoneOffset.UTC);
    }

    @Override
    public LocalDateTime to(Instant userObject) {
        return userObject == null ? null : LocalDateTime.ofInstant(userObject, ZoneOffset.UTC);
    }
}
