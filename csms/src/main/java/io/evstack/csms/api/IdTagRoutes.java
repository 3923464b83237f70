package io.evstack.csms.api;

import static io.evstack.csms.api.OperatorApi.V1;

import com.fasterxml.jackson.databind.JsonNode;
import io.evstack.csms.CsmsException;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.authorization.IdTag;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiDescription;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.time.Instant;

/** The id tags (RFID cards and other tokens) the CSMS authorizes. */
final class IdTagRoutes {
    static final String ID_TAGS = V1 + "/id-tags";
    static final String ID_TAG = ID_TAGS + "/{idTag}";
    private static final String TAG = "Id tags";

    @OpenApiDescription("An id tag. On update, idTag may be left out (the path names it).")
    public record IdTagRequest(
            @OpenApiDescription("1 to 20 characters (OCPP 1.6 IdToken); required on create") String idTag,
            @OpenApiDescription("Groups tags: a reservation for the parent admits all its children") String parentIdTag,
            @OpenApiDescription("After this instant the tag is Expired") Instant expiryDate,
            @OpenApiDescription("Default false") Boolean blocked,
            @OpenApiDescription("Running transactions allowed at once; 0 is unlimited, default 1")
            Integer maxActiveTransactions,
            String note) {}

    private final AuthorizationService authorization;

    IdTagRoutes(AuthorizationService authorization) {
        this.authorization = authorization;
    }

    void register(Javalin app) {
        app.get(ID_TAGS, this::list);
        app.post(ID_TAGS, this::create);
        app.get(ID_TAG, this::get);
        app.put(ID_TAG, this::replace);
        app.patch(ID_TAG, this::patch);
        app.delete(ID_TAG, this::delete);
    }

    @OpenApi(path = ID_TAGS, methods = HttpMethod.GET, operationId = "listIdTags", tags = TAG, summary = "List id tags",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = IdTag[].class)))
    void list(Context ctx) {
        ctx.json(authorization.list());
    }

    @OpenApi(path = ID_TAGS, methods = HttpMethod.POST, operationId = "createIdTag", tags = TAG,
            summary = "Register an id tag",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = IdTagRequest.class)),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = IdTag.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "409", description = "The tag exists",
                        content = @OpenApiContent(from = ApiError.class))
            })
    void create(Context ctx) {
        IdTagRequest body = ApiJson.read(ctx, IdTagRequest.class);
        ChargePointRoutes.checkText("note", body.note());
        IdTag created = authorization.create(body.idTag(), body.parentIdTag(), body.expiryDate(),
                Boolean.TRUE.equals(body.blocked()), body.maxActiveTransactions(), body.note());
        ctx.header("Location", ID_TAGS + "/" + created.idTag());
        ctx.status(HttpStatus.CREATED).json(created);
    }

    @OpenApi(path = ID_TAG, methods = HttpMethod.GET, operationId = "getIdTag", tags = TAG, summary = "Read an id tag",
            pathParams = @OpenApiParam(name = "idTag", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = IdTag.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void get(Context ctx) {
        ctx.json(authorization.get(ctx.pathParam("idTag")));
    }

    @OpenApi(path = ID_TAG, methods = HttpMethod.PUT, operationId = "replaceIdTag", tags = TAG,
            summary = "Replace an id tag's settings",
            description = "Fields left out are cleared (blocked becomes false), except maxActiveTransactions, which "
                    + "stays as it is.",
            pathParams = @OpenApiParam(name = "idTag", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = IdTagRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = IdTag.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void replace(Context ctx) {
        String idTag = ctx.pathParam("idTag");
        IdTagRequest body = ApiJson.read(ctx, IdTagRequest.class);
        checkSameTag(idTag, body.idTag());
        ChargePointRoutes.checkText("note", body.note());
        ctx.json(authorization.update(idTag, body.parentIdTag(), body.expiryDate(),
                Boolean.TRUE.equals(body.blocked()), body.maxActiveTransactions(), body.note()));
    }

    @OpenApi(path = ID_TAG, methods = HttpMethod.PATCH, operationId = "patchIdTag", tags = TAG,
            summary = "Change some of an id tag's settings",
            description = "Only the fields given change; null clears parentIdTag, expiryDate or note.",
            pathParams = @OpenApiParam(name = "idTag", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = IdTagRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = IdTag.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ApiError.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void patch(Context ctx) {
        String idTag = ctx.pathParam("idTag");
        JsonNode given = ApiJson.tree(ctx.body());
        IdTagRequest body = ApiJson.read(ctx, IdTagRequest.class);
        checkSameTag(idTag, body.idTag());
        ChargePointRoutes.checkText("note", body.note());
        if (given.has("blocked") && body.blocked() == null) {
            throw CsmsException.badRequest("'blocked' must be true or false");
        }
        IdTag existing = authorization.get(idTag);
        ctx.json(authorization.update(idTag,
                given.has("parentIdTag") ? body.parentIdTag() : existing.parentIdTag(),
                given.has("expiryDate") ? body.expiryDate() : existing.expiryDate(),
                given.has("blocked") ? body.blocked() : existing.blocked(),
                body.maxActiveTransactions(),
                given.has("note") ? body.note() : existing.note()));
    }

    @OpenApi(path = ID_TAG, methods = HttpMethod.DELETE, operationId = "deleteIdTag", tags = TAG,
            summary = "Remove an id tag", description = "Its transactions keep the tag's name.",
            pathParams = @OpenApiParam(name = "idTag", required = true),
            responses = {
                @OpenApiResponse(status = "204", description = "Deleted"),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ApiError.class))
            })
    void delete(Context ctx) {
        authorization.delete(ctx.pathParam("idTag"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static void checkSameTag(String path, String body) {
        if (body != null && !body.equals(path)) {
            throw CsmsException.badRequest("The body's idTag '" + body + "' differs from the path's '" + path
                    + "'; an id tag cannot be renamed");
        }
    }
}
