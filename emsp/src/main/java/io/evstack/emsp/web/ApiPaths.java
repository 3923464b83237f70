package io.evstack.emsp.web;

/**
 * Where the eMSP's APIs live, and the OpenAPI version name every {@code @OpenApi} of the eMSP carries
 * ({@code versions = ApiPaths.OPENAPI_VERSION}): the annotation processor then writes the eMSP's own
 * document ({@code openapi-plugin/openapi-emsp.json}), which cannot be confused with the operator API's
 * {@code openapi-default.json} on the same class path.
 */
public final class ApiPaths {
    private ApiPaths() {}

    public static final String OPENAPI_VERSION = "emsp";
    public static final String V1 = "/api/v1";
    public static final String DRIVER = V1 + "/driver";
    public static final String FLEET = V1 + "/fleet";
    public static final String SECURITY_SCHEME = "BearerAuth";
}
