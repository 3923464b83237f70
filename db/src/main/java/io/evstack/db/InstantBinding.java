package io.evstack.db;

import java.sql.JDBCType;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultBinding;
import org.jooq.impl.SQLDataType;

/**
 * Binds every DATETIME column as an {@link Instant} in UTC (the generated code uses it through a
 * forced type; see {@code db/pom.xml}).
 *
 * <p>jOOQ's own binding of {@link LocalDateTime} goes through {@link java.sql.Timestamp}, which is
 * interpreted in the JVM's default zone: a UTC wall time that does not exist there (02:30 on the day
 * the clocks go forward, in Europe/Berlin) silently becomes 03:30. This binding hands the driver a
 * {@code LocalDateTime} ({@code setObject} / {@code getObject(i, LocalDateTime.class)}, JDBC 4.2,
 * supported by H2, mariadb-java-client and mysql-connector-j), so no zone is involved at all.
 */
public final class InstantBinding implements Binding<LocalDateTime, Instant> {

    private static final long serialVersionUID = 1L;
    private static final Converter<LocalDateTime, Instant> CONVERTER = new InstantConverter();
    private static final Binding<LocalDateTime, LocalDateTime> DEFAULT =
            DefaultBinding.binding(SQLDataType.LOCALDATETIME(3));
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    @Override
    public Converter<LocalDateTime, Instant> converter() {
        return CONVERTER;
    }

    /**
     * Renders the bind variable, or when inlined a {@code TIMESTAMP 'uuuu-MM-dd HH:mm:ss.ffffff'}
     * literal of the UTC wall time (jOOQ's own LocalDateTime literal passes through the JVM zone too).
     */
    @Override
    public void sql(BindingSQLContext<Instant> ctx) throws SQLException {
        if (ctx.render().paramType() != ParamType.INLINED) {
            // "?", or "cast(? as timestamp(3))" where jOOQ wants typed bind variables (H2's MERGE).
            DEFAULT.sql(ctx.convert(CONVERTER));
            return;
        }
        LocalDateTime value = ctx.convert(CONVERTER).value();
        if (value == null) {
            ctx.render().visit(DSL.keyword("null"));
        } else {
            ctx.render().visit(DSL.keyword("timestamp")).sql(" '").sql(LITERAL.format(value)).sql('\'');
        }
    }

    @Override
    public void register(BindingRegisterContext<Instant> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(), Types.TIMESTAMP);
    }

    @Override
    public void set(BindingSetStatementContext<Instant> ctx) throws SQLException {
        LocalDateTime value = ctx.convert(CONVERTER).value();
        if (value == null) {
            ctx.statement().setNull(ctx.index(), Types.TIMESTAMP);
        } else {
            ctx.statement().setObject(ctx.index(), value);
        }
    }

    @Override
    public void set(BindingSetSQLOutputContext<Instant> ctx) throws SQLException {
        ctx.output().writeObject(ctx.convert(CONVERTER).value(), JDBCType.TIMESTAMP);
    }

    @Override
    public void get(BindingGetResultSetContext<Instant> ctx) throws SQLException {
        ctx.convert(CONVERTER).value(ctx.resultSet().getObject(ctx.index(), LocalDateTime.class));
    }

    @Override
    public void get(BindingGetStatementContext<Instant> ctx) throws SQLException {
        ctx.convert(CONVERTER).value(ctx.statement().getObject(ctx.index(), LocalDateTime.class));
    }

    @Override
    public void get(BindingGetSQLInputContext<Instant> ctx) throws SQLException {
        ctx.convert(CONVERTER).value(ctx.input().readObject(LocalDateTime.class));
    }
}
