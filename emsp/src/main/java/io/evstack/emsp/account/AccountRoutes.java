package io.evstack.emsp.account;

import static io.evstack.emsp.web.ApiPaths.DRIVER;
import static io.evstack.emsp.web.ApiPaths.OPENAPI_VERSION;

import io.evstack.emsp.web.ApiError;
import io.evstack.emsp.web.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.util.Set;

/** Sign-up, login and logout (any role logs in here), and the caller's own account. */
public final class AccountRoutes {
    public static final String SIGNUP = DRIVER + "/signup";
    public static final String LOGIN = DRIVER + "/login";
    static final String LOGOUT = DRIVER + "/logout";
    static final String ME = DRIVER + "/me";
    /** Paths that need no bearer token. */
    public static final Set<String> OPEN = Set.of(SIGNUP, LOGIN);
    private static final String TAG = "Account";

    @OpenApiDescription("A new driver account")
    public record SignUpRequest(@OpenApiDescription("The login name; stored in lower case") String email, String name,
            @OpenApiDescription("10 to 200 characters; stored only as a salted PBKDF2 hash") String password) {}

    public record LoginRequest(String email, String password) {}

    private final AccountService accounts;

    public AccountRoutes(AccountService accounts) {
        this.accounts = accounts;
    }

    public void register(Javalin app) {
        app.post(SIGNUP, this::signUp);
        app.post(LOGIN, this::login);
        app.post(LOGOUT, this::logout);
        app.get(ME, this::me);
    }

    @OpenApi(path = SIGNUP, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "signUp", tags = TAG,
            summary = "Create a driver account", description = "Needs no login. The driver starts on the pay-as-you-go plan.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = SignUpRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = Account.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The e-mail has an account",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void signUp(Context ctx) {
        var body = Json.body(ctx, SignUpRequest.class);
        ctx.status(HttpStatus.CREATED).json(accounts.signUp(body.email(), body.name(), body.password()));
    }

    @OpenApi(path = LOGIN, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "login", tags = TAG,
            summary = "Log in (drivers, fleet managers, support)",
            description = "Needs no login. Returns a bearer token for the Authorization header of every other call; "
                    + "it expires at expiresAt and ends at logout.",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = LoginRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Login.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "401", description = "Wrong e-mail or password",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void login(Context ctx) {
        var body = Json.body(ctx, LoginRequest.class);
        ctx.json(accounts.login(body.email(), body.password()));
    }

    @OpenApi(path = LOGOUT, methods = HttpMethod.POST, versions = OPENAPI_VERSION, operationId = "logout", tags = TAG,
            summary = "End this login", description = "The bearer token is refused from now on.",
            responses = {
                @OpenApiResponse(status = "204"),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void logout(Context ctx) {
        accounts.logout(BearerAuth.token(ctx));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    @OpenApi(path = ME, methods = HttpMethod.GET, versions = OPENAPI_VERSION, operationId = "me", tags = TAG,
            summary = "The caller's account",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = Account.class)),
                @OpenApiResponse(status = "401", content = @OpenApiContent(from = ApiError.class))
            })
    void me(Context ctx) {
        ctx.json(accounts.account(BearerAuth.caller(ctx).accountPk()));
    }
}
