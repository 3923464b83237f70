package io.evstack.emsp.account;

import io.evstack.emsp.EmspException;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Set;

/**
 * The check in front of the driver and fleet APIs: {@code Authorization: Bearer <token>} from a login,
 * the {@link Caller} it stands for kept on the request. 401 without a valid login; 403 when a route
 * wants a role the caller has not.
 */
public final class BearerAuth {
    private static final String CALLER = "emsp.caller";

    private final AccountService accounts;
    private final Set<String> open;

    /** @param openPaths paths that need no login (sign-up, login) */
    public BearerAuth(AccountService accounts, Set<String> openPaths) {
        this.accounts = accounts;
        this.open = Set.copyOf(openPaths);
    }

    /** A Javalin before-handler. */
    public void check(Context ctx) {
        if (open.contains(ctx.path()) || "OPTIONS".equals(ctx.method().name())) {
            return;
        }
        ctx.attribute(CALLER, accounts.authenticate(token(ctx)));
    }

    /** The bearer token of the request; 401 when there is none. */
    public static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"evstack eMSP\"");
            throw EmspException.unauthorized("Authentication required: Authorization: Bearer <token from login>");
        }
        return header.substring(7).trim();
    }

    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw EmspException.unauthorized("Authentication required");
        }
        return caller;
    }

    /** The caller, if it has one of {@code roles}; 403 otherwise. */
    public static Caller require(Context ctx, Role... roles) {
        Caller caller = caller(ctx);
        if (Arrays.stream(roles).noneMatch(r -> r == caller.role())) {
            throw EmspException.forbidden("This needs the role " + String.join(" or ",
                    Arrays.stream(roles).map(Role::name).toList()) + "; you are " + caller.role());
        }
        return caller;
    }
}
